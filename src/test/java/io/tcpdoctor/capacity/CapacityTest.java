package io.tcpdoctor.capacity;

import io.tcpdoctor.render.CapacityChart;
import io.tcpdoctor.i18n.TextWrap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Little's law and the port space, checked against values computed by hand. */
class CapacityTest {
    static final Capacity.Labels L = new Capacity.Labels() {
        public String now() {
            return "now";
        }

        public String pooling(String f) {
            return "pool x" + f;
        }

        public String destinations(int n) {
            return n + " dests";
        }

        public String range(int lo, int hi) {
            return lo + "-" + hi;
        }

        public String twReuse() {
            return "reuse";
        }
    };

    static Capacity.Inputs linux(double rate) {
        return new Capacity.Inputs(rate, 60, 32768, 60999, 1, false, 1, 1);
    }

    @Test
    void thousandClosesPerSecondOnLinux() {
        Capacity.Result r = Capacity.compute(linux(1000));
        assertThat(r.in().ports()).isEqualTo(28232);
        // 60,000 ports needed, but one destination never has more TIME_WAIT than its 28,232 ports: connect() fails first.
        assertThat(r.timeWaitTotal()).isEqualTo(28232.0);
        assertThat(r.timeWaitPerDestination()).isEqualTo(28232.0);
        assertThat(r.portsNeededPerDestination()).isEqualTo(60000.0);
        assertThat(r.usage()).isCloseTo(60000.0 / 28232, within(1e-9));
        // 28232 ports / 60 s = 470.53 closes per second per destination
        assertThat(r.maxRatePerDestination()).isCloseTo(470.533, within(0.001));
        assertThat(r.exhausts()).isTrue();
        // 28232 ports at 1000 new connections per second: gone after 28.232 s
        assertThat(r.secondsToExhaustion()).isCloseTo(28.232, within(1e-9));
        assertThat(r.failingPerSecond()).isCloseTo(1000 - 470.533, within(0.001));
    }

    @Test
    void windowsValuesUseTheirOwnDelayAndRange() {
        // The old 240 s Windows TIME_WAIT: 1000 closes/s over 100 destinations -> 240,000 (what seeds/003 computed).
        Capacity.Result old = Capacity.compute(new Capacity.Inputs(1000, 240, 49152, 65535, 100, false, 1, 1));
        assertThat(old.timeWaitTotal()).isEqualTo(240000.0);
        assertThat(old.in().ports()).isEqualTo(16384);
        // To one destination the same rate is capped by its 16,384 ports.
        assertThat(Capacity.compute(new Capacity.Inputs(1000, 240, 49152, 65535, 1, false, 1, 1)).timeWaitTotal()).isEqualTo(16384.0);
        Capacity.Result w = Capacity.compute(new Capacity.Inputs(300, 120, 49152, 65535, 4, false, 1, 1));
        assertThat(w.timeWaitTotal()).isEqualTo(36000.0);
        assertThat(w.maxRatePerDestination()).isCloseTo(16384 / 120.0, within(1e-9));
    }

    @Test
    void spreadingPoolingAndReuse() {
        Capacity.Result four = Capacity.compute(new Capacity.Inputs(1000, 60, 32768, 60999, 4, false, 1, 1));
        assertThat(four.ratePerDestination()).isEqualTo(250.0);
        assertThat(four.timeWaitPerDestination()).isEqualTo(15000.0);
        assertThat(four.timeWaitTotal()).isEqualTo(60000.0);
        assertThat(four.exhausts()).isFalse();
        assertThat(four.secondsToExhaustion()).isNaN();
        assertThat(four.maxRateTotal()).isCloseTo(4 * 28232 / 60.0, within(1e-9));
        Capacity.Result pooled = Capacity.compute(new Capacity.Inputs(1000, 60, 32768, 60999, 1, false, 10, 1));
        assertThat(pooled.timeWaitTotal()).isEqualTo(6000.0);
        assertThat(pooled.headroom()).isCloseTo(28232 / 60.0 / 100, within(1e-9));
        Capacity.Result reuse = Capacity.compute(new Capacity.Inputs(1000, 60, 32768, 60999, 1, true, 1, 1));
        // tw_reuse frees the port for connect() after 1 s: 1000 ports needed; the TIME_WAIT sockets fill every port
        // of the destination (a reused one is destroyed), never more.
        assertThat(reuse.portsNeededPerDestination()).isEqualTo(1000.0);
        assertThat(reuse.timeWaitTotal()).isEqualTo(28232.0);
        assertThat(Capacity.timeWaitAt(reuse, 59)).isEqualTo(28232.0);
        assertThat(reuse.maxRatePerDestination()).isEqualTo(28232.0);
    }

    @Test
    void scenariosNameWhatEachChangeBuys() {
        List<Capacity.Scenario> s = Capacity.scenarios(linux(1000), L);
        assertThat(s).extracting(Capacity.Scenario::id).containsExactly("now", "pooling", "destinations", "port-range", "tw-reuse");
        assertThat(s.get(1).result().timeWaitTotal()).isEqualTo(6000.0);
        assertThat(s.get(2).result().ratePerDestination()).isEqualTo(500.0);
        assertThat(s.get(3).result().in().ports()).isEqualTo(50001);
        assertThat(s.get(4).result().in().twReuse()).isTrue();
        List<Capacity.Scenario> wide = Capacity.scenarios(new Capacity.Inputs(10, 60, 1024, 65535, 1, true, 1, 1), L);
        assertThat(wide).extracting(Capacity.Scenario::id).containsExactly("now", "pooling", "destinations");
    }

    @Test
    void badInputsAreRejected() {
        assertThatThrownBy(() -> new Capacity.Inputs(-1, 60, 1, 2, 1, false, 1, 1)).hasMessageContaining("--close-rate");
        assertThatThrownBy(() -> new Capacity.Inputs(1, 0, 1, 2, 1, false, 1, 1)).hasMessageContaining("--time-wait");
        assertThatThrownBy(() -> new Capacity.Inputs(1, 60, 5, 2, 1, false, 1, 1)).hasMessageContaining("--port-range");
        assertThatThrownBy(() -> new Capacity.Inputs(1, 60, 1, 2, 0, false, 1, 1)).hasMessageContaining("--destinations");
        assertThatThrownBy(() -> new Capacity.Inputs(1, 60, 1, 2, 1, false, 0.5, 1)).hasMessageContaining("--reuse-factor");
        assertThatThrownBy(() -> new Capacity.Inputs(Double.NaN, 60, 1, 2, 1, false, 1, 1)).hasMessageContaining("--close-rate");
    }

    @Test
    void chartFitsEightyColumnsAndShowsTheLimitCrossing() {
        List<String> lines = CapacityChart.render(Capacity.compute(linux(1000)), "y", "x", "limit 28,232");
        assertThat(lines).allSatisfy(l -> assertThat(TextWrap.width(l)).isLessThanOrEqualTo(80));
        String all = String.join("\n", lines);
        assertThat(all).contains("#").contains("*").contains("limit 28,232").contains("28.2k").contains("90 s");
        List<String> fits = CapacityChart.render(Capacity.compute(linux(100)), "y", "x", "limit");
        assertThat(String.join("\n", fits)).doesNotContain("#").contains("*");
    }
}
