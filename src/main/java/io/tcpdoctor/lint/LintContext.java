package io.tcpdoctor.lint;

import io.tcpdoctor.collect.SysctlConf;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.lint.LintFinding.Severity;
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

    /** Parses an integer value; empty when it is not one. */
    public static Optional<Long> integer(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
