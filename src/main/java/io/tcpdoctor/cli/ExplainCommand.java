package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.Sysctls;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.render.Csv;
import io.tcpdoctor.render.ExplainRenderer;
import io.tcpdoctor.render.Format;
import io.tcpdoctor.render.Json;
import io.tcpdoctor.explain.Diagram;
import io.tcpdoctor.explain.Diagrams;
import io.tcpdoctor.explain.IpvsState;
import io.tcpdoctor.sysctl.Knob;
import io.tcpdoctor.sysctl.KnobCatalogue;
import io.tcpdoctor.explain.StateGuide;
import io.tcpdoctor.explain.Topic;
import io.tcpdoctor.i18n.TextWrap;
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
                "  tcpdoctor explain tcp_fin_timeout",
                "  tcpdoctor explain conntrack               # also: syn-queue, accept-queue, port-reuse, abort-on-close, idle-timeouts"})
public class ExplainCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC",
            description = "A state in any spelling (time-wait, FIN-WAIT-1, LISTENING...), open, close, ipvs:STATE, a sysctl name, "
                    + "or a cause: syn-queue, accept-queue, conntrack, port-reuse, abort-on-close, idle-timeouts.")
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
        ExplainRenderer r = new ExplainRenderer(fmt, msg, out, side);
        if (topic == null && ipvs) {
            return r.ipvsList();
        }
        if (topic == null) {
            return r.topics();
        }
        String t = topic.trim().toLowerCase(Locale.ROOT);
        if (!ipvs && (t.equals("open") || t.equals("handshake"))) {
            return r.diagrams(t, List.of(Diagrams.open(msg)), mark, null);
        }
        // "close" (any case but the canonical upper-case state name) is the diagram; CLOSE or CLOSED is the state.
        if (!ipvs && t.equals("close") && !topic.trim().equals("CLOSE")) {
            return r.diagrams(t, List.of(Diagrams.close(msg), Diagrams.simultaneousClose(msg),
                    Diagrams.lostFinalAck(msg)), mark, null);
        }
        boolean ipvsTopic = ipvs || t.startsWith("ipvs:");
        Topic prose = ipvsTopic ? null : Topic.parse(topic);
        if (prose != null) {
            return r.topic(prose);
        }
        if (!ipvsTopic) {
            TcpState s = TcpState.parse(topic);
            if (s != null) {
                return r.state(s, mark);
            }
            Optional<Knob> k = KnobCatalogue.findLoose(topic);
            if (k.isPresent()) {
                return r.knob(k.get());
            }
        }
        IpvsState is = IpvsState.parse(topic);
        if (is != null) {
            return r.ipvsState(is);
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

}
