package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.diagnose.Engine;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.diagnose.Thresholds;
import io.tcpdoctor.i18n.Messages;
import java.util.List;

/** Every diagnosis rule, in report order within a severity. Adding a rule = one new class + one line here. */
public final class Rules {
    private Rules() {
    }

    /** The standard rule set. */
    public static final List<Rule> ALL = List.of(
            new TimeWaitPortExhaustion(),
            new TimeWaitServerSide(),
            new TimeWaitTotals(),
            new TimeWaitBucketOverflow(),
            new CloseWaitLeak(),
            new AcceptQueueOverflow(),
            new SynRecvFlood(),
            new SynSentPileup(),
            new ConntrackPressure(),
            new AbortOnClose(),
            new FinWait2Pileup(),
            new UnansweredFinPileup(),
            new OrphanPileup(),
            new FdLimit(),
            new TcpMemoryPressure(),
            new RiskyTwReuseOnServer(),
            new TimestampsOff(),
            new FinTimeoutMisunderstood(),
            new TwRecycleSet());

    /** An engine with the standard rule set. */
    public static Engine engine(Thresholds limits, Messages msg) {
        return new Engine(ALL, limits, msg);
    }
}
