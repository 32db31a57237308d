package io.tcpdoctor.sysctl;

import io.tcpdoctor.lint.LintFinding;
import io.tcpdoctor.lint.SysctlLint;
import io.tcpdoctor.testing.TestNetns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranges the lint enforces are the ones the running kernel enforces, checked by writing them in a namespace. */
class KnobRangeNetnsTest {
    @Test
    void catalogueRangesMatchTheKernel() throws IOException {
        try (TestNetns ns = TestNetns.create("td-advice"); Netns _ = Netns.enter(ns.name())) {
            Sysctls s = new Sysctls();
            int checked = 0;
            for (Knob k : KnobCatalogue.ALL) {
                var range = KnobCatalogue.range(k.key());
                if (range.isEmpty() || !s.exists(k.key())) {
                    continue;
                }
                String before = s.get(k.key()).orElseThrow();
                s.set(k.key(), String.valueOf(range.get().min()));
                s.set(k.key(), String.valueOf(range.get().max()));
                assertThatThrownBy(() -> s.set(k.key(), String.valueOf(range.get().min() - 1))).as(k.key()).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> s.set(k.key(), String.valueOf(range.get().max() + 1))).as(k.key()).isInstanceOf(IOException.class);
                s.set(k.key(), before);
                checked++;
            }
            // tcp_tw_reuse, tcp_syn_retries and tcp_synack_retries exist on every kernel tcpdoctor supports.
            assertThat(checked).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void lintReportsValuesOutsideTheRange() {
        List<LintFinding> fs = new SysctlLint(new Sysctls(), KernelVersion.running(), Messages.forLang("en")).check(List.of(
                new SysctlLint.Source("r.conf", "net.ipv4.tcp_syn_retries = 200\nnet.ipv4.tcp_tw_reuse = 3\nnet.ipv4.tcp_syn_retries = 127\n")));
        assertThat(fs).filteredOn(f -> f.code().equals("bad-value")).extracting(LintFinding::line).containsExactly(1, 2);
        assertThat(fs.get(0).message()).contains("1..127").contains("Invalid argument");
    }
}
