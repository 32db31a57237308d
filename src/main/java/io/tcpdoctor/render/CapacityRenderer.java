package io.tcpdoctor.render;

import io.tcpdoctor.i18n.TextWrap;
import io.tcpdoctor.capacity.Capacity;
import io.tcpdoctor.capacity.Measured;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.observe.Delta;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text (tables and a chart), JSON and CSV for {@code capacity}. */
public final class CapacityRenderer {
    private CapacityRenderer() {
    }

    /** Writes the view. */
    @SuppressWarnings("unchecked")
    public static void write(Format fmt, PrintWriter out, Messages msg, CapacityView v) {
        List<String> chart = v.chart() ? CapacityChart.render(v.scenarios().get(0).result(), msg.get("capacity.chart.y"),
                msg.get("capacity.chart.x"), msg.get("capacity.chart.limit", String.format(Locale.ROOT, "%,d", v.inputs().ports())))
                : List.of();
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = json(v.inputs(), v.scenarios(), v.measured(), chart);
                ((Map<String, Object>) doc.get("inputs")).put("close_rate_source", v.rateSource());
                doc.put("ports_full_now", v.fullNow() != null);
                if (v.facts() != null) {
                    doc.put("facts", PortFactsJson.of(v.facts()));
                    doc.put("assumptions", v.assumptions());
                }
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "scenario", "label", "time_wait", "ports_needed_per_destination", "usage_percent",
                        "max_closes_per_second", "headroom", "seconds_to_exhaustion");
                for (Capacity.Scenario sc : v.scenarios()) {
                    Capacity.Result r = sc.result();
                    Csv.row(out, sc.id(), sc.label(), round(r.timeWaitTotal()), round(r.portsNeededPerDestination()),
                            fmt1(r.usage() * 100), fmt1(r.maxRateTotal()), Double.isInfinite(r.headroom()) ? "" : fmt2(r.headroom()),
                            r.exhausts() ? fmt1(r.secondsToExhaustion()) : "");
                }
            }
            default -> {
                text(out, msg, v.inputs(), v.scenarios(), v.measured(), chart, v.fullNow());
                for (String a : v.assumptions()) {
                    wrapped(out, msg.get("tune.note", a));
                }
            }
        }
    }

    /**
     * The lines saying what --from-host measured: the busiest destination it models (unless --destinations is
     * given), its close rate and where that came from (unless --close-rate is given), and tcp_tw_reuse.
     */
    public static List<String> measured(Messages msg, Measured m, boolean destinations, boolean rate) {
        List<String> lines = new ArrayList<>();
        if (destinations) {
            lines.add(msg.get("capacity.measured.busiest", m.busiest() == null ? "-" : m.busiest(), m.busiestPorts(),
                    m.busiestTimeWait(), m.destinations()));
        }
        if (rate) {
            Delta.CloseRate r = m.rate();
            lines.add(switch (r.from()) {
                case KERNEL_COUNTERS, SOCKET_TRACKING -> msg.get("capacity.measured." + r.source(), fmt1(r.perSecond()), fmt1(m.seconds()));
                case TIME_WAIT_AGES -> msg.get(r.window() >= Delta.TIME_WAIT_SECONDS ? "capacity.measured.time-wait-ages.all"
                        : "capacity.measured.time-wait-ages", fmt1(r.perSecond()), num(r.window()), Math.round(r.perSecond() * r.window()));
                case LITTLES_LAW -> msg.get("capacity.measured.littles-law", r.timeWait(), fmt1(r.perSecond()));
            });
        }
        lines.add(msg.get("capacity.measured.reuse", m.twReuse() == null ? "?" : m.twReuse(),
                msg.get(m.reuseApplies() ? "capacity.on" : "capacity.off")));
        if (m.reuseApplies() && m.hold().timeWait() > 0) {
            lines.add(msg.get("capacity.measured.reusable", m.hold().reusable(), m.hold().timeWait(), fmt1(m.reuseDelay())));
        }
        return lines;
    }

    /** The sentence for a modelled destination whose ports are all held now, or null. */
    public static String fullNow(Messages msg, Measured m) {
        return m.fullNow() ? msg.get("capacity.full.now", m.busiestHeld(), m.range().usable(), m.busiest()) : null;
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
            List<String> measured, List<String> chart, String fullNow) {
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
        } else if (fullNow != null) {
            // connect() is failing now: the steady state fitting is no comfort, and saying "does not run out" is wrong.
            wrapped(out, fullNow);
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

    static Map<String, Object> json(Capacity.Inputs in, List<Capacity.Scenario> scenarios, List<String> measured,
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
