package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.KernelCounters;
import io.tcpdoctor.collect.Netns;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.query.SnapshotProvider;
import io.tcpdoctor.query.SocketFilter;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.tune.Capacity;
import io.tcpdoctor.tune.CapacityChart;
import io.tcpdoctor.tune.KnobCatalogue;
import io.tcpdoctor.tune.PortUsage;
import io.tcpdoctor.tune.TextWrap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tcpdoctor capacity}: TIME_WAIT and ephemeral-port what-if calculator (Little's law and the 4-tuple). */
@Command(name = "capacity", sortOptions = false,
        description = {"What-if calculator for TIME_WAIT and ephemeral ports. Little's law: TIME_WAIT sockets = "
                + "closes per second x TIME_WAIT length (60 s on Linux). Ports run out per (source IP, destination IP, "
                + "destination port), not per host. Shows the steady state, when ports run out, what pooling, more "
                + "destinations, a wider range or tcp_tw_reuse (outgoing connections only) buy, and a chart of the "
                + "ports one destination holds."},
        footer = {"", "Examples:",
                "  tcpdoctor capacity --close-rate 1000      # 60,000 TIME_WAIT, 28,232 ports",
                "  tcpdoctor capacity --close-rate 1000 --destinations 4 --reuse-factor 10",
                "  tcpdoctor capacity --close-rate 300 --time-wait 120 --port-range 49152-65535",
                "  tcpdoctor capacity --from-host            # inputs measured on this host",
                "  tcpdoctor capacity --from-host --sample 5 --format json"})
public class CapacityCommand extends BaseCommand {
    @Option(names = "--close-rate", paramLabel = "PER_SECOND", description = "Connections closed per second (now, before --reuse-factor).")
    Double closeRate;

    @Option(names = "--time-wait", paramLabel = "SECONDS",
            description = "TIME_WAIT length: 60 on Linux (fixed); on Windows the TcpTimedWaitDelay value. Default: 60.")
    Double timeWait;

    @Option(names = "--port-range", paramLabel = "LOW-HIGH",
            description = "Ephemeral port range. Default: this host's ip_local_port_range, else 32768-60999.")
    String portRange;

    @Option(names = "--destinations", paramLabel = "N",
            description = "Distinct (destination IP, destination port) pairs the closes spread over. Default: 1.")
    Integer destinations;

    @Option(names = "--tw-reuse", paramLabel = "on|off",
            description = "tcp_tw_reuse for these outgoing connections. Default: off (with --from-host: this host's value).")
    String twReuse;

    @Option(names = "--reuse-factor", paramLabel = "K", defaultValue = "1",
            description = "Requests per connection (keep-alive, pooling): divides the close rate. Default: ${DEFAULT-VALUE}.")
    double reuseFactor;

    @Option(names = "--from-host", description = "Fill the inputs from this host: outgoing TIME_WAIT per destination, port range, tw_reuse.")
    boolean fromHost;

    @Option(names = "--sample", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --from-host: measure the close rate from kernel counters (Tcp.ActiveOpens) over this many seconds "
                    + "(1-60). Default 0: estimate it as outgoing TIME_WAIT / 60 s.")
    int sample;

    @Option(names = "--no-chart", description = "Leave out the chart.")
    boolean noChart;

    @Mixin
    LanguageOption language;

    @Mixin
    SourceOptions source;

    @Override
    public Integer call() {
        Format fmt = format();
        Messages msg = language.messages();
        if (sample < 0 || sample > 60) {
            throw new TcpdoctorException(ExitCode.USAGE, "--sample must be 0..60 seconds");
        }
        if (!fromHost && closeRate == null) {
            throw new TcpdoctorException(ExitCode.USAGE, "give --close-rate (closes per second) or --from-host");
        }
        List<String> measured = new ArrayList<>();
        int lo = Capacity.DEFAULT_LO;
        int hi = Capacity.DEFAULT_HI;
        double reuseDelay = 1.0;
        boolean hostReuse = false;
        Double rate = closeRate;
        Integer dests = destinations;
        try (Netns ns = Netns.enter(source.netns)) {
            Sysctls s = new Sysctls();
            long[] r = s.getLongs(KnobCatalogue.PORT_RANGE).orElse(null);
            if (r != null && r.length == 2) {
                lo = (int) r[0];
                hi = (int) r[1];
            }
            reuseDelay = s.exists(KnobCatalogue.TW_REUSE_DELAY) ? s.getLong(KnobCatalogue.TW_REUSE_DELAY).orElse(1000L) / 1000.0 : 1.0;
            long reuse = s.getLong(KnobCatalogue.TW_REUSE).orElse(0L);
            if (fromHost) {
                Snapshot snap = takeSnapshot();
                PortUsage u = PortUsage.measure(snap.sockets(), lo, hi);
                // tcp_tw_reuse=2 covers loopback only.
                hostReuse = reuse == 1 || (reuse == 2 && u.allLoopback());
                if (dests == null) {
                    dests = Math.max(1, u.destinations());
                    measured.add(msg.get("capacity.measured.destinations", u.destinations(), u.busiest() == null ? "-" : u.busiest(),
                            u.busiestSockets()));
                }
                if (rate == null) {
                    if (sample > 0) {
                        KernelCounters a = KernelCounters.read(ns.procNet());
                        sleep(err(), sample);
                        KernelCounters b = KernelCounters.read(ns.procNet());
                        double v = b.rate(a, "Tcp.ActiveOpens");
                        rate = Double.isNaN(v) ? 0 : v;
                        measured.add(msg.get("capacity.measured.sampled", fmt1(rate), sample));
                    } else {
                        rate = u.outgoingTimeWait() / Capacity.LINUX_TIME_WAIT;
                        measured.add(msg.get("capacity.measured.estimated", u.outgoingTimeWait(), fmt1(rate)));
                    }
                }
                measured.add(msg.get("capacity.measured.reuse", String.valueOf(reuse),
                        msg.get(hostReuse ? "capacity.on" : "capacity.off")));
            }
        }
        if (portRange != null) {
            int[] pr = usage(() -> parseRange(portRange));
            lo = pr[0];
            hi = pr[1];
        }
        boolean reuseOn = twReuse != null ? usage(() -> onOff(twReuse)) : hostReuse;
        double tw = timeWait == null ? Capacity.LINUX_TIME_WAIT : timeWait;
        final int flo = lo;
        final int fhi = hi;
        final double frate = rate;
        final int fdests = dests == null ? 1 : dests;
        if (fdests < 1 || fdests > Capacity.MAX_DESTINATIONS) {
            throw new TcpdoctorException(ExitCode.USAGE, "--destinations must be 1.." + Capacity.MAX_DESTINATIONS + ", not " + fdests);
        }
        final double fdelay = reuseDelay;
        Capacity.Inputs in = usage(() -> new Capacity.Inputs(frate, tw, flo, fhi, fdests, reuseOn, reuseFactor, fdelay));
        List<Capacity.Scenario> scenarios = Capacity.scenarios(in, labels(msg));
        Capacity.Result now = scenarios.get(0).result();
        List<String> chart = noChart ? List.of() : CapacityChart.render(now, msg.get("capacity.chart.y"),
                msg.get("capacity.chart.x"), msg.get("capacity.chart.limit", String.format(Locale.ROOT, "%,d", in.ports())));
        PrintWriter out = out();
        switch (fmt) {
            case JSON -> Json.write(out, json(in, scenarios, measured, chart));
            case CSV -> {
                Csv.row(out, "scenario", "label", "time_wait", "ports_needed_per_destination", "usage_percent",
                        "max_closes_per_second", "headroom", "seconds_to_exhaustion");
                for (Capacity.Scenario sc : scenarios) {
                    Capacity.Result r = sc.result();
                    Csv.row(out, sc.id(), sc.label(), round(r.timeWaitTotal()), round(r.portsNeededPerDestination()),
                            fmt1(r.usage() * 100), fmt1(r.maxRateTotal()), Double.isInfinite(r.headroom()) ? "" : fmt2(r.headroom()),
                            r.exhausts() ? fmt1(r.secondsToExhaustion()) : "");
                }
            }
            default -> text(out, msg, in, scenarios, measured, chart);
        }
        return 0;
    }

    private Snapshot takeSnapshot() {
        SnapshotProvider p = source.open();
        Snapshot snap = p.take(SocketFilter.all(), SnapshotProvider.Needs.RECORDS);
        printNotes(snap);
        if (!snap.hasRecords()) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--from-host needs per-socket rows, but " + p.describe() + " has totals only");
        }
        return snap;
    }

    private static void sleep(java.io.PrintWriter err, int seconds) {
        try {
            io.tcpdoctor.render.Progress.sleep(err, "sampling", java.time.Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TcpdoctorException(ExitCode.INTERNAL, "interrupted while sampling counters");
        }
    }

    static int[] parseRange(String s) {
        String[] p = s.trim().split("[-:\\s]+");
        if (p.length != 2) {
            throw new IllegalArgumentException("--port-range must be LOW-HIGH, e.g. 32768-60999");
        }
        try {
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port-range must be LOW-HIGH, e.g. 32768-60999");
        }
    }

    static boolean onOff(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "on", "1", "yes", "true" -> true;
            case "off", "0", "no", "false" -> false;
            default -> throw new IllegalArgumentException("--tw-reuse must be on or off");
        };
    }

    static Capacity.Labels labels(Messages msg) {
        return new Capacity.Labels() {
            @Override
            public String now() {
                return msg.get("capacity.scenario.now");
            }

            @Override
            public String pooling(String factor) {
                return msg.get("capacity.scenario.pooling", factor);
            }

            @Override
            public String destinations(int n) {
                return msg.get("capacity.scenario.destinations", String.valueOf(n));
            }

            @Override
            public String range(int lo, int hi) {
                return msg.get("capacity.scenario.range", lo + "-" + hi);
            }

            @Override
            public String twReuse() {
                return msg.get("capacity.scenario.twreuse");
            }
        };
    }

    static String round(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    static String fmt1(double v) {
        return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%,.1f", v);
    }

    static String fmt2(double v) {
        return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%,.2f", v);
    }

    private static void text(PrintWriter out, Messages msg, Capacity.Inputs in, List<Capacity.Scenario> scenarios,
            List<String> measured, List<String> chart) {
        Capacity.Result r = scenarios.get(0).result();
        for (String m : measured) {
            wrapped(out, msg.get("capacity.measured", m));
        }
        wrapped(out, msg.get("capacity.inputs", num(in.closeRate()), num(in.timeWait()), in.portLo() + "-" + in.portHi(),
                round(in.ports()), String.valueOf(in.destinations()), msg.get(in.twReuse() ? "capacity.on" : "capacity.off"),
                num(in.reuseFactor())));
        out.println();
        out.println(msg.get("capacity.steady"));
        List<String[]> steady = new ArrayList<>();
        steady.add(new String[] {"  " + msg.get("capacity.row.timewait"), round(r.timeWaitTotal())});
        steady.add(new String[] {"  " + msg.get("capacity.row.timewait_dest"), round(r.timeWaitPerDestination())});
        steady.add(new String[] {"  " + msg.get("capacity.row.ports_needed"),
                round(r.portsNeededPerDestination()) + " / " + round(in.ports())});
        steady.add(new String[] {"  " + msg.get("capacity.row.usage"), fmt1(r.usage() * 100) + " %"});
        steady.add(new String[] {"  " + msg.get("capacity.row.max_rate"), num(r.maxRateTotal())});
        steady.add(new String[] {"  " + msg.get("capacity.row.headroom"), times(r.headroom())});
        table(out, steady);
        out.println();
        if (r.exhausts()) {
            wrapped(out, msg.get("capacity.exhausts", fmt1(r.secondsToExhaustion()), fmt1(r.failingPerSecond())));
        } else {
            wrapped(out, msg.get("capacity.fits", fmt1(r.usage() * 100)));
        }
        if (in.twReuse()) {
            wrapped(out, msg.get("capacity.reuse.note"));
        }
        out.println();
        out.println(msg.get("capacity.whatif"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {msg.get("capacity.col.change"), msg.get("capacity.col.timewait"), msg.get("capacity.col.ports"),
                msg.get("capacity.col.usage"), msg.get("capacity.col.max"), msg.get("capacity.col.headroom")});
        for (Capacity.Scenario sc : scenarios) {
            Capacity.Result x = sc.result();
            rows.add(new String[] {sc.label(), round(x.timeWaitTotal()), round(x.portsNeededPerDestination()),
                    fmt1(x.usage() * 100) + "%", num(x.maxRateTotal()), times(x.headroom())});
        }
        table(out, rows);
        wrapped(out, msg.get("capacity.whatif.note"));
        if (!chart.isEmpty()) {
            out.println();
            chart.forEach(out::println);
        }
    }

    private static void wrapped(PrintWriter out, String text) {
        TextWrap.wrap(text, 79).forEach(out::println);
    }

    /** "12.34x", or "-" when nothing closes (no load, unlimited headroom). */
    static String times(double v) {
        return Double.isInfinite(v) ? "-" : fmt2(v) + "x";
    }

    /** A number without a useless ".0". */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : fmt1(v);
    }

    /** Aligned columns measured in display width (CJK labels are two columns per character); numbers right-aligned. */
    private static void table(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], TextWrap.width(r[i]));
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                if (i == 0) {
                    b.append(TextWrap.pad(r[i], w[i]));
                } else {
                    b.append("  ").append(" ".repeat(w[i] - TextWrap.width(r[i]))).append(r[i]);
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }

    private static Map<String, Object> json(Capacity.Inputs in, List<Capacity.Scenario> scenarios, List<String> measured,
            List<String> chart) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("close_rate", in.closeRate());
        i.put("time_wait_seconds", in.timeWait());
        i.put("port_range", List.of(in.portLo(), in.portHi()));
        i.put("ports", in.ports());
        i.put("destinations", in.destinations());
        i.put("tw_reuse", in.twReuse());
        i.put("reuse_factor", in.reuseFactor());
        i.put("tw_reuse_delay_seconds", in.reuseDelay());
        doc.put("inputs", i);
        doc.put("measured", measured);
        List<Map<String, Object>> ss = new ArrayList<>();
        for (Capacity.Scenario sc : scenarios) {
            Capacity.Result r = sc.result();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", sc.id());
            m.put("label", sc.label());
            m.put("time_wait", r.timeWaitTotal());
            m.put("time_wait_per_destination", r.timeWaitPerDestination());
            m.put("ports_needed_per_destination", r.portsNeededPerDestination());
            m.put("usage", r.usage());
            m.put("max_closes_per_second", r.maxRateTotal());
            m.put("headroom", Double.isInfinite(r.headroom()) ? null : r.headroom());
            m.put("seconds_to_exhaustion", r.exhausts() ? r.secondsToExhaustion() : null);
            m.put("failing_connects_per_second", r.failingPerSecond());
            ss.add(m);
        }
        doc.put("scenarios", ss);
        Capacity.Result now = scenarios.get(0).result();
        List<Map<String, Object>> series = new ArrayList<>();
        double h = CapacityChart.horizon(now);
        for (int s = 0; s <= 30; s++) {
            double t = h * s / 30;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", t);
            p.put("ports_per_destination", Capacity.portsAt(now, t));
            p.put("time_wait_per_destination", Capacity.timeWaitAt(now, t));
            series.add(p);
        }
        doc.put("series", series);
        return doc;
    }
}
