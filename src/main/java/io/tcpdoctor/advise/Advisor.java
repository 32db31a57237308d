package io.tcpdoctor.advise;

import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which sysctl changes help a host with a given role on its kernel. Only knobs the kernel has are
 * proposed, only when the change helps, and never tcp_tw_recycle (removed in 4.12, broken before). Values come
 * from the observation's host facts (a capture's are what {@code --sysctl} gave, else documented defaults, each
 * recorded as assumed), never from another host.
 */
public final class Advisor {
    /** Port range proposed when outgoing connections press on the default range. */
    static final long WIDE_LO = 15000;
    static final long WIDE_HI = 65000;
    /** Share of the port range one destination must use before widening is proposed. */
    static final double PORT_PRESSURE = 0.5;

    private final Facts facts;
    private final Messages msg;

    public Advisor(Facts facts, Messages msg) {
        this.facts = facts;
        this.msg = msg;
    }

    /** What tune prints: the changes and notes that explain what was deliberately not proposed. */
    public record Advice(List<Change> changes, List<String> notes) {
    }

    /**
     * The advice for a role. {@code evidence} (may be null) gives listening ports and port pressure;
     * {@code counters} (may be null) gives overflow counters.
     */
    public Advice advise(Role role, RoleDetector.Evidence evidence, KernelCounters counters) {
        List<Change> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // Risky values left by copied tuning lists: back to the documented defaults, whatever the role.
        below(out, KnobCatalogue.SYN_RETRIES, 3, "6", "tune.reason.syn_retries");
        below(out, KnobCatalogue.SYNACK_RETRIES, 2, "5", "tune.reason.synack_retries");
        below(out, KnobCatalogue.KEEPALIVE_PROBES, 3, "9", "tune.reason.keepalive_probes");
        below(out, KnobCatalogue.SYNCOOKIES, 1, "1", "tune.reason.syncookies");
        below(out, KnobCatalogue.TIMESTAMPS, 1, "1", "tune.reason.timestamps");
        long overflow = counter(counters, "TcpExt.TCPTimeWaitOverflow");
        Optional<Long> buckets = value(KnobCatalogue.MAX_TW_BUCKETS);
        if (overflow > 0 && buckets.isPresent()) {
            out.add(change(KnobCatalogue.MAX_TW_BUCKETS, String.valueOf(buckets.get() * 2),
                    msg.get("tune.reason.max_tw_buckets", String.valueOf(overflow))));
        }
        if (role.accepts()) {
            below(out, KnobCatalogue.SOMAXCONN, 4096, "4096", "tune.reason.somaxconn");
            // The SYN backlog only matters once it fills: with syncookies on, a full queue costs cookies, not drops.
            long synPressure = counter(counters, "TcpExt.TCPReqQFullDrop") + counter(counters, "TcpExt.TCPReqQFullDoCookies")
                    + counter(counters, "TcpExt.ListenDrops");
            if (synPressure > 0) {
                below(out, KnobCatalogue.MAX_SYN_BACKLOG, 4096, "4096", "tune.reason.max_syn_backlog");
            }
            long lo = counter(counters, "TcpExt.ListenOverflows");
            if (lo > 0 && value(KnobCatalogue.SOMAXCONN).orElse(0L) >= 4096) {
                notes.add(msg.get("tune.note.listen_overflows", String.valueOf(lo)));
            }
            if (!role.connects()) {
                notes.add(msg.get("tune.note.server_no_reuse"));
            }
        }
        if (role.connects()) {
            Optional<Long> reuse = value(KnobCatalogue.TW_REUSE);
            if (reuse.isPresent() && reuse.get() != 1) {
                out.add(change(KnobCatalogue.TW_REUSE, "1", msg.get("tune.reason.tw_reuse")));
            }
            portRange(out, evidence);
        }
        if (value(KnobCatalogue.TW_RECYCLE).orElse(0L) != 0) {
            notes.add(msg.get("tune.note.recycle_on"));
        }
        notes.add(msg.get("tune.note.time_wait_fixed"));
        return new Advice(List.copyOf(out), List.copyOf(notes));
    }

    private void portRange(List<Change> out, RoleDetector.Evidence evidence) {
        Optional<String> text = facts.knob(KnobCatalogue.PORT_RANGE);
        String[] range = text.map(t -> t.trim().split("\\s+")).orElse(new String[0]);
        if (range.length != 2) {
            return;
        }
        long lo;
        long hi;
        try {
            lo = Long.parseLong(range[0]);
            hi = Long.parseLong(range[1]);
        } catch (NumberFormatException e) {
            return;
        }
        long n = hi - lo + 1;
        long newLo = lo;
        long newHi = hi;
        String reason;
        if (n < 28232) {
            newLo = Math.min(lo, 32768);
            newHi = Math.max(hi, 60999);
            reason = msg.get("tune.reason.port_range_default", String.valueOf(n));
        } else if (evidence != null && evidence.busiestDestinationSockets() > n * PORT_PRESSURE && (lo > WIDE_LO || hi < WIDE_HI)) {
            newLo = Math.min(lo, WIDE_LO);
            newHi = Math.max(hi, WIDE_HI);
            reason = msg.get("tune.reason.port_range_wide", String.valueOf(evidence.busiestDestinationSockets()),
                    evidence.busiestDestination(), String.valueOf(n));
        } else {
            return;
        }
        out.add(change(KnobCatalogue.PORT_RANGE, newLo + " " + newHi, reason));
        // Listeners inside the new part of the range must be protected from automatic assignment.
        if (evidence != null && facts.known(KnobCatalogue.RESERVED_PORTS).isPresent()) {
            Set<Integer> newly = new TreeSet<>();
            for (int p : evidence.listeningPorts()) {
                boolean inNew = p >= newLo && p <= newHi;
                boolean inOld = p >= lo && p <= hi;
                if (inNew && !inOld) {
                    newly.add(p);
                }
            }
            if (!newly.isEmpty()) {
                String cur = facts.known(KnobCatalogue.RESERVED_PORTS).orElse("");
                StringBuilder v = new StringBuilder(cur.isBlank() ? "" : cur.strip());
                for (int p : newly) {
                    v.append(v.isEmpty() ? "" : ",").append(p);
                }
                out.add(change(KnobCatalogue.RESERVED_PORTS, v.toString(),
                        msg.get("tune.reason.reserved_ports", newly.toString())));
            }
        }
    }

    private void below(List<Change> out, String key, long min, String recommended, String reasonKey) {
        Optional<Long> v = value(key);
        if (v.isPresent() && v.get() < min) {
            out.add(change(key, recommended, msg.get(reasonKey, String.valueOf(v.get()))));
        }
    }

    private Change change(String key, String recommended, String reason) {
        return new Change(key, facts.knob(key).orElse("?"), recommended, reason);
    }

    /** The current value, only when the kernel has the knob: absent knobs are never proposed. */
    private Optional<Long> value(String key) {
        Optional<String> v = facts.knob(key);
        if (v.isEmpty() || v.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get().trim().split("\\s+")[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long counter(KernelCounters c, String key) {
        return c == null ? 0 : c.get(key).orElse(0);
    }
}
