package io.tcpdoctor.diagnose;

import io.tcpdoctor.diagnose.rules.AbortOnClose;
import io.tcpdoctor.diagnose.rules.AcceptQueueOverflow;
import io.tcpdoctor.diagnose.rules.CloseWaitLeak;
import io.tcpdoctor.diagnose.rules.ConntrackPressure;
import io.tcpdoctor.diagnose.rules.FdLimit;
import io.tcpdoctor.diagnose.rules.FinTimeoutMisunderstood;
import io.tcpdoctor.diagnose.rules.FinWait2Pileup;
import io.tcpdoctor.diagnose.rules.OrphanPileup;
import io.tcpdoctor.diagnose.rules.RiskyTwReuseOnServer;
import io.tcpdoctor.diagnose.rules.SynRecvFlood;
import io.tcpdoctor.diagnose.rules.SynSentPileup;
import io.tcpdoctor.diagnose.rules.TcpMemoryPressure;
import io.tcpdoctor.diagnose.rules.TimeWaitBucketOverflow;
import io.tcpdoctor.diagnose.rules.TimeWaitPortExhaustion;
import io.tcpdoctor.diagnose.rules.TimeWaitServerSide;
import io.tcpdoctor.diagnose.rules.TimeWaitTotals;
import io.tcpdoctor.diagnose.rules.TimestampsOff;
import io.tcpdoctor.diagnose.rules.TwRecycleSet;
import io.tcpdoctor.diagnose.rules.UnansweredFinPileup;
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
}
