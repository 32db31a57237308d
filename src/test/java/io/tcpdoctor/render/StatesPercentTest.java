package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The percent column of states, computed with integers, reads as String.format's %.1f would. */
class StatesPercentTest {
    @Test
    void sameAsFormatForEveryShareOfSmallTotalsAndLargeOnes() {
        for (long total = 1; total <= 400; total++) {
            for (long n = 0; n <= total; n++) {
                assertThat(StatesView.percent(n, total)).as(n + "/" + total)
                        .isEqualTo(String.format(Locale.ROOT, "%.1f", 100.0 * n / total));
            }
        }
        for (long[] c : new long[][] {{1, 2000}, {3, 2000}, {1, 300_000}, {149_999, 300_000}, {99_511, 292_331}}) {
            assertThat(StatesView.percent(c[0], c[1])).isEqualTo(String.format(Locale.ROOT, "%.1f", 100.0 * c[0] / c[1]));
        }
        assertThat(StatesView.percent(0, 0)).isEqualTo("0.0");
    }
}
