package io.tcpdoctor.bench;

import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.capacity.Capacity;
import io.tcpdoctor.lint.SysctlLint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The sysctl lint on a large sysctl.d set (1,000 settings) against the running kernel, and the capacity model. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SysctlLintBench {
    private SysctlLint lint;
    private List<SysctlLint.Source> files;

    @Setup
    public void setup() {
        String[] keys = {"net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_syn_retries", "net.core.somaxconn",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_tw_recycle", "net.ipv4.no_such_knob"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append("# setting ").append(i).append('\n').append(keys[i % keys.length]).append(" = ").append(i % 9).append('\n');
        }
        files = List.of(new SysctlLint.Source("bench.conf", b.toString()));
        lint = new SysctlLint(new Sysctls(), KernelVersion.running(), Messages.forLang("en"));
    }

    @Benchmark
    public int lint1000Settings() {
        return lint.check(files).size();
    }

    @Benchmark
    public double capacityScenarios() {
        Capacity.Inputs in = new Capacity.Inputs(1000, 60, 32768, 60999, 1, false, 1, 1);
        return Capacity.compute(in).usage();
    }
}
