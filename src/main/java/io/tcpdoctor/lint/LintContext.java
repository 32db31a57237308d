package io.tcpdoctor.lint;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the lint rules see: all entries in load order, the running kernel's knobs, and where findings go. */
public final class LintContext {
    private final List<SysctlConf.Entry> entries;
    private final Sysctls sysctls;
    private final KernelVersion kernel;
    private final Messages msg;
    private final List<LintFinding> findings = new ArrayList<>();
    private long memoryBytes = -1;
    private java.util.Set<Integer> listening = java.util.Set.of();

    LintContext(List<SysctlConf.Entry> entries, Sysctls sysctls, KernelVersion kernel, Messages msg) {
        this.entries = entries;
        this.sysctls = sysctls;
        this.kernel = kernel;
        this.msg = msg;
    }

    /** All entries in the order sysctl applies them (last one wins). */
    public List<SysctlConf.Entry> entries() {
        return entries;
    }

    /** The running kernel's knobs. */
    public Sysctls sysctls() {
        return sysctls;
    }

    /** The running kernel's version. */
    public KernelVersion kernel() {
        return kernel;
    }

    /** Message texts. */
    public Messages msg() {
        return msg;
    }

    /** The value the files leave for a key (the last entry), or empty if the files do not set it. */
    public Optional<SysctlConf.Entry> last(String key) {
        SysctlConf.Entry found = null;
        for (SysctlConf.Entry e : entries) {
            if (e.key().equals(key)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The value after the files are applied: the files' last value, else the running value. */
    public Optional<String> effective(String key) {
        Optional<SysctlConf.Entry> e = last(key);
        return e.isPresent() ? Optional.of(e.get().value()) : sysctls.get(key);
    }

    /** Last entry per key, in first-seen order. */
    public Map<String, SysctlConf.Entry> lastByKey() {
        Map<String, SysctlConf.Entry> m = new LinkedHashMap<>();
        for (SysctlConf.Entry e : entries) {
            m.put(e.key(), e);
        }
        return m;
    }

    /** Adds a finding for an entry with a message from the bundle. */
    public void report(SysctlConf.Entry e, Severity s, String code, String msgKey, Object... args) {
        findings.add(new LintFinding(e.file(), e.line(), s, code, e.key(), msg.get(msgKey, args)));
    }

    /** Adds a finding not tied to an entry. */
    public void report(String file, int line, Severity s, String code, String key, String text) {
        findings.add(new LintFinding(file, line, s, code, key, text));
    }

    List<LintFinding> findings() {
        return findings;
    }

    /**
     * The first number of a value as the kernel reads it (C notation; text after it and a space is ignored);
     * empty when the kernel would reject it.
     */
    public static Optional<Long> integer(String value) {
        KernelInts.Result r = KernelInts.parse(value, 1);
        return r.accepted() ? Optional.of(r.values()[0]) : Optional.empty();
    }

    /**
     * How many integers the knob takes, from its running value (e.g. 2 for ip_local_port_range); -1 for a text or
     * list knob (tcp_congestion_control, ip_local_reserved_ports) or one this kernel does not have.
     */
    public int slots(String key) {
        Optional<String> v = sysctls.get(key);
        if (v.isPresent() && v.get().strip().matches("-?\\d+(\\s+-?\\d+)*")) {
            return v.get().strip().split("\\s+").length;
        }
        if (v.isEmpty() && !sysctls.exists(key)) {
            Optional<Knob> k = KnobCatalogue.find(key);
            if (k.isPresent() && k.get().numeric()) {
                return key.equals(KnobCatalogue.PORT_RANGE) ? 2 : key.equals(KnobCatalogue.TCP_MEM) ? 3 : 1;
            }
        }
        return -1;
    }

    /** The value in force when {@code at} is applied: the last earlier entry for the key, else the running value. */
    public Optional<String> valueBefore(String key, SysctlConf.Entry at) {
        String found = null;
        for (SysctlConf.Entry e : entries) {
            if (e == at) {
                break;
            }
            if (e.key().equals(key)) {
                found = e.value();
            }
        }
        return found != null ? Optional.of(found) : sysctls.get(key);
    }

    /** Runs {@code then} for every entry of {@code key} whose value the kernel reads as an integer matching {@code when}. */
    public void eachInteger(String key, java.util.function.LongPredicate when, java.util.function.BiConsumer<SysctlConf.Entry, Long> then) {
        for (SysctlConf.Entry e : entries) {
            if (e.key().equals(key)) {
                integer(e.value()).filter(when::test).ifPresent(v -> then.accept(e, v));
            }
        }
    }

    /** The host's memory in bytes (MemTotal), or -1 when unknown. */
    public long memoryBytes() {
        return memoryBytes;
    }

    void memoryBytes(long bytes) {
        this.memoryBytes = bytes;
    }

    /** Ports that listen on the host being checked (empty when not known). */
    public java.util.Set<Integer> listeningPorts() {
        return listening;
    }

    void listeningPorts(java.util.Set<Integer> ports) {
        this.listening = java.util.Set.copyOf(ports);
    }
}
