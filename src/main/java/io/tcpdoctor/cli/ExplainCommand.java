package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.explain.Diagram;
import io.tcpdoctor.explain.Diagrams;
import io.tcpdoctor.explain.IpvsState;
import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.explain.StateGuide;
import io.tcpdoctor.render.TextWrap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tcpdoctor explain}: what a TCP or IPVS state means, and sequence diagrams of opening and closing. */
@Command(name = "explain", sortOptions = false,
        description = {"Explain a TCP state (what it means, which side is in it, how it is entered and left, how "
                + "long it lasts on Linux, when many are a problem, what to look at next), an IPVS state, a sysctl "
                + "knob, or show the handshake and the close as sequence diagrams. Without a topic, list the topics."},
        footer = {"", "Examples:",
                "  tcpdoctor explain time-wait",
                "  tcpdoctor explain CLOSE_WAIT --lang zh",
                "  tcpdoctor explain close --side passive    # the diagram (CLOSED: the state)",
                "  tcpdoctor explain open --side server",
                "  tcpdoctor explain ipvs:FIN_WAIT           # or: explain --ipvs fin_wait",
                "  tcpdoctor explain tcp_fin_timeout"})
public class ExplainCommand extends BaseCommand {
    static final int WIDTH = 80;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC",
            description = "A state in any spelling (time-wait, FIN-WAIT-1, LISTENING...), open, close, ipvs:STATE, or a sysctl name.")
    String topic;

    @Option(names = "--ipvs", description = "Read TOPIC as an IPVS (LVS) state; without TOPIC, list the IPVS states.")
    boolean ipvs;

    @Option(names = "--side", paramLabel = "SIDE",
            description = "Mark one socket's side in the diagrams: active or client (left), passive or server (right).")
    String side;

    @Mixin
    LanguageOption language;

    @Override
    public Integer call() {
        Format fmt = format();
        Messages msg = language.messages();
        Diagram.Side mark = side == null ? null : usage(() -> parseSide(side));
        PrintWriter out = out();
        if (topic == null && ipvs) {
            return ipvsList(fmt, msg, out);
        }
        if (topic == null) {
            return topics(fmt, msg, out);
        }
        String t = topic.trim().toLowerCase(Locale.ROOT);
        if (!ipvs && (t.equals("open") || t.equals("handshake"))) {
            return diagrams(fmt, msg, out, t, List.of(Diagrams.open(msg)), mark, null);
        }
        // "close" (any case but the canonical upper-case state name) is the diagram; CLOSE or CLOSED is the state.
        if (!ipvs && t.equals("close") && !topic.trim().equals("CLOSE")) {
            if (mark != null && (side.equalsIgnoreCase("client") || side.equalsIgnoreCase("server")) && fmt == Format.TEXT) {
                out.println(msg.get("explain.side.closenote"));
                out.println();
            }
            return diagrams(fmt, msg, out, t, List.of(Diagrams.close(msg), Diagrams.simultaneousClose(msg),
                    Diagrams.lostFinalAck(msg)), mark, null);
        }
        boolean ipvsTopic = ipvs || t.startsWith("ipvs:");
        if (!ipvsTopic) {
            TcpState s = TcpState.parse(topic);
            if (s != null) {
                return state(fmt, msg, out, s, mark);
            }
            Optional<Knob> k = KnobCatalogue.findLoose(topic);
            if (k.isPresent()) {
                return knob(fmt, msg, out, k.get());
            }
        }
        IpvsState is = IpvsState.parse(topic);
        if (is != null) {
            return ipvsState(fmt, msg, out, is);
        }
        throw new TcpdoctorException(ExitCode.USAGE, msg.get("explain.unknown", topic));
    }

    static Diagram.Side parseSide(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "active", "client" -> Diagram.Side.LEFT;
            case "passive", "server" -> Diagram.Side.RIGHT;
            default -> throw new IllegalArgumentException("unknown side '" + s + "'; valid: active, passive, client, server");
        };
    }

    private String sideName(Messages msg) {
        return msg.get("explain.side." + side.trim().toLowerCase(Locale.ROOT));
    }

    private void fields(PrintWriter out, List<StateGuide.Field> fields) {
        int lw = 0;
        for (StateGuide.Field f : fields) {
            lw = Math.max(lw, TextWrap.width(f.label()));
        }
        lw += 2;
        for (StateGuide.Field f : fields) {
            List<String> lines = TextWrap.wrap(f.text(), WIDTH - lw - 1);
            for (int i = 0; i < lines.size(); i++) {
                out.println(TextWrap.pad(i == 0 ? f.label() : "", lw) + lines.get(i));
            }
        }
    }

    private static void wrapped(PrintWriter out, String text) {
        TextWrap.wrap(text, WIDTH - 1).forEach(out::println);
    }

    private int state(Format fmt, Messages msg, PrintWriter out, TcpState s, Diagram.Side mark) {
        List<StateGuide.Field> fields = StateGuide.of(s, msg);
        Diagram d = Diagrams.forState(s, msg);
        List<String> lines = d.render(mark, s);
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("topic", s.name());
                doc.put("kind", "tcp-state");
                doc.put("kernel_number", s.kernel());
                doc.put("ss_name", s.ssName());
                Map<String, String> f = new LinkedHashMap<>();
                fields.forEach(x -> f.put(x.id(), x.text()));
                doc.put("fields", f);
                doc.put("diagram", lines);
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "state", "field", "text");
                fields.forEach(x -> Csv.row(out, s.name(), x.id(), x.text()));
            }
            default -> {
                out.println(msg.get("explain.state.header", s.name(), String.valueOf(s.kernel()), s.ssName()));
                out.println();
                fields(out, fields);
                out.println();
                lines.forEach(out::println);
                out.println();
                out.println(mark != null ? msg.get("explain.side.legend", sideName(msg)) : msg.get("explain.state.legend", s.name()));
            }
        }
        return 0;
    }

    private int diagrams(Format fmt, Messages msg, PrintWriter out, String name, List<Diagram> ds, Diagram.Side mark,
            TcpState markState) {
        switch (fmt) {
            case JSON -> {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Diagram d : ds) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("title", d.title());
                    m.put("left", d.leftHeader());
                    m.put("right", d.rightHeader());
                    m.put("left_states", d.states(Diagram.Side.LEFT).stream().map(Enum::name).toList());
                    m.put("right_states", d.states(Diagram.Side.RIGHT).stream().map(Enum::name).toList());
                    m.put("lines", d.render(mark, markState));
                    m.put("note", d.note());
                    list.add(m);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("topic", name);
                doc.put("kind", "diagram");
                doc.put("side", side);
                doc.put("diagrams", list);
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "diagram", "step", "left_state", "right_state");
                for (Diagram d : ds) {
                    int i = 0;
                    for (Diagram.Row r : d.rows()) {
                        Csv.row(out, d.title(), ++i, r.left() == null ? "" : r.left().name(), r.right() == null ? "" : r.right().name());
                    }
                }
            }
            default -> {
                for (Diagram d : ds) {
                    d.render(mark, markState).forEach(out::println);
                    out.println();
                    wrapped(out, d.note());
                    out.println();
                }
                if (mark != null) {
                    out.println(msg.get("explain.side.legend", sideName(msg)));
                }
            }
        }
        return 0;
    }

    private int ipvsState(Format fmt, Messages msg, PrintWriter out, IpvsState s) {
        List<StateGuide.Field> fields = StateGuide.of(s, msg);
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("topic", "ipvs:" + s.name());
                doc.put("kind", "ipvs-state");
                doc.put("note", msg.get("ipvs.intro"));
                Map<String, String> f = new LinkedHashMap<>();
                fields.forEach(x -> f.put(x.id(), x.text()));
                doc.put("fields", f);
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "state", "field", "text");
                fields.forEach(x -> Csv.row(out, "ipvs:" + s.name(), x.id(), x.text()));
            }
            default -> {
                out.println(msg.get("explain.ipvs.header", s.name()));
                out.println();
                fields(out, fields);
                out.println();
                wrapped(out, msg.get("ipvs.intro"));
            }
        }
        return 0;
    }

    private int knob(Format fmt, Messages msg, PrintWriter out, Knob k) {
        Sysctls sysctls = new Sysctls();
        String current = sysctls.exists(k.key()) ? sysctls.get(k.key()).orElse("?") : null;
        List<StateGuide.Field> fields = List.of(
                new StateGuide.Field("meaning", msg.get("explain.label.meaning"), msg.get(k.meaningKey())),
                new StateGuide.Field("not", msg.get("explain.label.not"), msg.get(k.notKey())));
        switch (fmt) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("topic", k.key());
                doc.put("kind", "sysctl");
                doc.put("default", k.defaultValue());
                doc.put("history", k.history());
                doc.put("risk", k.risk().label());
                doc.put("current", current);
                Map<String, String> f = new LinkedHashMap<>();
                fields.forEach(x -> f.put(x.id(), x.text()));
                doc.put("fields", f);
                Json.write(out, doc);
            }
            case CSV -> {
                Csv.row(out, "key", "field", "text");
                fields.forEach(x -> Csv.row(out, k.key(), x.id(), x.text()));
            }
            default -> {
                wrapped(out, msg.get("explain.knob.header", k.key(), k.defaultValue(), k.history(), k.risk().label()));
                out.println();
                fields(out, fields);
                out.println();
                out.println(current != null ? k.key() + " = " + current
                        : msg.get("explain.knob.absent", KernelVersion.running().release()));
            }
        }
        return 0;
    }

    private int ipvsList(Format fmt, Messages msg, PrintWriter out) {
        if (fmt == Format.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("kind", "ipvs-states");
            doc.put("note", msg.get("ipvs.intro"));
            Map<String, String> m = new LinkedHashMap<>();
            for (IpvsState s : IpvsState.values()) {
                m.put(s.name(), msg.get("ipvs." + s.name() + ".meaning"));
            }
            doc.put("states", m);
            Json.write(out, doc);
            return 0;
        }
        wrapped(out, msg.get("ipvs.intro"));
        out.println();
        for (IpvsState s : IpvsState.values()) {
            List<String> lines = TextWrap.wrap(msg.get("ipvs." + s.name() + ".meaning"), WIDTH - 16);
            for (int i = 0; i < lines.size(); i++) {
                out.println("  " + TextWrap.pad(i == 0 ? s.name() : "", 13) + " " + lines.get(i));
            }
        }
        return 0;
    }

    private int topics(Format fmt, Messages msg, PrintWriter out) {
        if (fmt != Format.TEXT) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("tcp_states", java.util.Arrays.stream(TcpState.all()).map(Enum::name).toList());
            doc.put("diagrams", List.of("open", "close"));
            doc.put("ipvs_states", java.util.Arrays.stream(IpvsState.values()).map(s -> "ipvs:" + s.name()).toList());
            doc.put("sysctls", KnobCatalogue.ALL.stream().map(Knob::key).toList());
            if (fmt == Format.JSON) {
                Json.write(out, doc);
            } else {
                Csv.row(out, "kind", "topic");
                doc.forEach((k, v) -> ((List<?>) v).forEach(x -> Csv.row(out, k, x)));
            }
            return 0;
        }
        out.println(msg.get("explain.topics.title"));
        out.println();
        wrapped(out, msg.get("explain.topics.states"));
        for (TcpState s : TcpState.all()) {
            List<String> lines = TextWrap.wrap(msg.get("state." + s.name() + ".meaning"), WIDTH - 17);
            for (int i = 0; i < lines.size(); i++) {
                out.println("  " + TextWrap.pad(i == 0 ? s.name() : "", 13) + " " + lines.get(i));
            }
        }
        out.println();
        wrapped(out, msg.get("explain.topics.diagrams"));
        out.println("  " + msg.get("explain.topics.diagram.open"));
        out.println("  " + msg.get("explain.topics.diagram.close"));
        out.println();
        wrapped(out, msg.get("explain.topics.ipvs"));
        StringBuilder b = new StringBuilder();
        for (IpvsState s : IpvsState.values()) {
            b.append(b.isEmpty() ? "" : " ").append(s.name());
        }
        TextWrap.wrap(b.toString(), WIDTH - 3).forEach(l -> out.println("  " + l));
        out.println();
        out.println(msg.get("explain.topics.knobs"));
        StringBuilder kb = new StringBuilder();
        for (Knob k : KnobCatalogue.ALL) {
            kb.append(kb.isEmpty() ? "" : " ").append(k.name());
        }
        TextWrap.wrap(kb.toString(), WIDTH - 3).forEach(l -> out.println("  " + l));
        return 0;
    }
}
