package io.tcpdoctor.cli;

import io.tcpdoctor.testing.FactsGuard;
import io.tcpdoctor.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.TcpState;
import io.tcpdoctor.explain.Diagram;
import io.tcpdoctor.explain.Diagrams;
import io.tcpdoctor.explain.IpvsState;
import io.tcpdoctor.i18n.TextWrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {
    static final Map<String, TcpState> ALIASES = Map.ofEntries(
            Map.entry("time-wait", TcpState.TIME_WAIT), Map.entry("TIMEWAIT", TcpState.TIME_WAIT),
            Map.entry("TIMED_WAIT", TcpState.TIME_WAIT), Map.entry("FIN-WAIT-1", TcpState.FIN_WAIT1),
            Map.entry("fin_wait_2", TcpState.FIN_WAIT2), Map.entry("SYN_RECEIVED", TcpState.SYN_RECV),
            Map.entry("SYN_RCVD", TcpState.SYN_RECV), Map.entry("LISTENING", TcpState.LISTEN),
            Map.entry("CLOSED", TcpState.CLOSE), Map.entry("estab", TcpState.ESTABLISHED),
            Map.entry("close-wait", TcpState.CLOSE_WAIT), Map.entry("last_ack", TcpState.LAST_ACK),
            Map.entry("syn-sent", TcpState.SYN_SENT), Map.entry("closing", TcpState.CLOSING));

    private static Cli.Result run(String... a) {
        return TuneCommandTest.run(a);
    }

    private static void noMissingText(String out) {
        assertThat(out).doesNotContainPattern("![a-zA-Z_.]+!").doesNotContain("{0}").doesNotContain("{1}");
        for (String line : out.split("\n")) {
            assertThat(TextWrap.width(line)).as("fits 80 columns: " + line).isLessThanOrEqualTo(80);
        }
    }

    @Test
    void everyStateInBothLanguages() {
        for (String lang : List.of("en", "zh")) {
            for (TcpState s : TcpState.all()) {
                Cli.Result r = run("explain", s.name(), "--lang", lang);
                assertThat(r.code()).as(r.err()).isZero();
                noMissingText(r.out());
                assertThat(r.out()).startsWith(s.name()).contains("* " + s.name());
                io.tcpdoctor.testing.FactsGuard.check(r.out());
                for (String f : io.tcpdoctor.explain.StateGuide.TCP_FIELDS) {
                    assertThat(r.out()).contains(Messages.forLang(lang).get("explain.label." + f));
                }
            }
        }
    }

    @Test
    void aliasesReachTheCanonicalState() throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (Map.Entry<String, TcpState> e : ALIASES.entrySet()) {
            Cli.Result r = run("explain", e.getKey(), "-o", "json");
            assertThat(r.code()).as(e.getKey() + r.err()).isZero();
            JsonNode doc = m.readTree(r.out());
            assertThat(doc.get("topic").asText()).isEqualTo(e.getValue().name());
            assertThat(doc.get("kernel_number").asInt()).isEqualTo(e.getValue().kernel());
        }
    }

    @Test
    void stateFactsMatchTheKernel() {
        String tw = run("explain", "time-wait", "--lang", "en").out();
        assertThat(tw).contains("60 s unless restarted, killed or reused").contains("tcp_fin_timeout").contains("closed first")
                .contains("TWRecycled").contains("tcp_rfc1337");
        String cw = run("explain", "close-wait", "--lang", "en").out();
        assertThat(cw).contains("No kernel timeout").contains("application").contains("/proc/PID/limits");
        String fw2 = run("explain", "fin-wait-2", "--lang", "en").out();
        assertThat(fw2).contains("tcp_fin_timeout").contains("shutdown(SHUT_WR)").contains("for ever");
        String la = run("explain", "last-ack", "--lang", "en").out();
        assertThat(la).contains("no TIME_WAIT").contains("0 means 8");
        String listen = run("explain", "listening", "--lang", "en").out();
        assertThat(listen).contains("Recv-Q").contains("Send-Q").contains("somaxconn");
        String zh = run("explain", "time-wait", "--lang", "zh").out();
        assertThat(zh).contains("60 秒，除非被重启计时、被杀掉或被复用").contains("先关闭的一方");
    }

    @Test
    void everyIpvsStateInBothLanguages() {
        for (String lang : List.of("en", "zh")) {
            for (IpvsState s : IpvsState.values()) {
                for (String form : List.of("ipvs:" + s.name(), s.name().toLowerCase().replace('_', '-'))) {
                    Cli.Result r = form.startsWith("ipvs:") ? run("explain", form, "--lang", lang)
                            : run("explain", "--ipvs", form, "--lang", lang);
                    assertThat(r.code()).as(form + r.err()).isZero();
                    noMissingText(r.out());
                    assertThat(r.out()).startsWith("IPVS " + s.name());
                    assertThat(r.out()).containsAnyOf("not a socket", "不是 socket");
                }
            }
            Cli.Result list = run("explain", "--ipvs", "--lang", lang);
            noMissingText(list.out());
            for (IpvsState s : IpvsState.values()) {
                assertThat(list.out()).contains(s.name());
            }
        }
        assertThat(run("explain", "ipvs:ESTABLISHED", "--lang", "en").out()).contains("900 s");
        assertThat(run("explain", "ipvs:FIN_WAIT", "--lang", "en").out()).contains("tcpfin").contains("120 s");
        // FIN_WAIT is no TCP state name: it resolves to IPVS even without the prefix.
        assertThat(run("explain", "FIN_WAIT").out()).startsWith("IPVS FIN_WAIT");
    }

    private static List<String> column(List<String> lines, int from, int to) {
        List<String> out = new ArrayList<>();
        Pattern st = Pattern.compile("\\b(ESTABLISHED|SYN_SENT|SYN_RECV|FIN_WAIT1|FIN_WAIT2|TIME_WAIT|CLOSE_WAIT|CLOSE|LAST_ACK|LISTEN|CLOSING)\\b");
        for (String l : lines.subList(3, lines.size())) {
            String part = l.length() <= from ? "" : l.substring(from, Math.min(l.length(), to));
            Matcher m = st.matcher(part);
            if (m.find() && !part.trim().startsWith("---") && !part.trim().startsWith("<--")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void diagramsShowBothSidesStepByStep() {
        Messages en = Messages.forLang("en");
        Diagram open = Diagrams.open(en);
        List<String> ol = open.render(null, null);
        assertThat(column(ol, 0, 16)).containsExactly("CLOSE", "SYN_SENT", "ESTABLISHED");
        assertThat(column(ol, 40, 80)).containsExactly("LISTEN", "SYN_RECV", "ESTABLISHED");
        Diagram close = Diagrams.close(en);
        List<String> cl = close.render(null, null);
        assertThat(close.states(Diagram.Side.LEFT)).containsExactly(TcpState.ESTABLISHED, TcpState.FIN_WAIT1,
                TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.CLOSE);
        assertThat(close.states(Diagram.Side.RIGHT)).containsExactly(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                TcpState.LAST_ACK, TcpState.CLOSE);
        assertThat(column(cl, 0, 16)).containsExactly("ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE");
        // Segments in order: FIN ->, <- ACK, <- FIN, ACK ->
        String text = String.join("\n", cl);
        assertThat(text.indexOf("--- FIN")).isLessThan(text.indexOf("<-- ACK"));
        assertThat(text.indexOf("<-- ACK")).isLessThan(text.indexOf("<-- FIN"));
        assertThat(text.indexOf("<-- FIN")).isLessThan(text.indexOf("--- ACK"));
        Diagram sim = Diagrams.simultaneousClose(en);
        assertThat(sim.states(Diagram.Side.LEFT)).containsExactly(TcpState.ESTABLISHED, TcpState.FIN_WAIT1,
                TcpState.CLOSING, TcpState.TIME_WAIT);
        assertThat(sim.states(Diagram.Side.RIGHT)).isEqualTo(sim.states(Diagram.Side.LEFT));
        Diagram lost = Diagrams.lostFinalAck(en);
        assertThat(String.join("\n", lost.render(null, null))).contains("X  lost").contains("FIN resent");
        assertThat(lost.states(Diagram.Side.LEFT)).containsExactly(TcpState.FIN_WAIT2, TcpState.TIME_WAIT, TcpState.TIME_WAIT);
        assertThat(lost.states(Diagram.Side.RIGHT)).containsExactly(TcpState.LAST_ACK, TcpState.LAST_ACK, TcpState.CLOSE);
    }

    @Test
    void sideMarksOneColumn() {
        Cli.Result r = run("explain", "close", "--side", "passive", "--lang", "en");
        assertThat(r.code()).isZero();
        noMissingText(r.out());
        assertThat(r.out()).contains("* CLOSE_WAIT").contains("* LAST_ACK").doesNotContain("* FIN_WAIT2")
                .contains("marks the passive (the peer) side");
        Cli.Result a = run("explain", "close", "--side", "active", "--lang", "en");
        assertThat(a.out()).contains("* FIN_WAIT2").contains("* TIME_WAIT").doesNotContain("* CLOSE_WAIT");
        Cli.Result c = run("explain", "close", "--side", "client", "--lang", "en");
        // The legend says which assumption a client mark makes instead of contradicting the close note.
        assertThat(c.out()).contains("* marks the client, drawn as the active closer").contains("Whichever side calls close() first")
                .doesNotContain("marks the client side");
        Cli.Result s = run("explain", "open", "--side", "server", "--lang", "zh");
        noMissingText(s.out());
        assertThat(s.out()).contains("* SYN_RECV").contains("* LISTEN").doesNotContain("* SYN_SENT");
        assertThat(run("explain", "open", "--side", "middle").code()).isEqualTo(2);
    }

    @Test
    void topicsKnobsAndErrors() throws Exception {
        for (String lang : List.of("en", "zh")) {
            Cli.Result t = run("explain", "--lang", lang);
            assertThat(t.code()).isZero();
            noMissingText(t.out());
            for (TcpState s : TcpState.all()) {
                assertThat(t.out()).contains(s.name());
            }
            assertThat(t.out()).contains("open").contains("close").contains("SYNACK").contains("tcp_fin_timeout");
            for (var k : io.tcpdoctor.sysctl.KnobCatalogue.ALL) {
                Cli.Result kr = run("explain", k.key(), "--lang", lang);
                assertThat(kr.code()).isZero();
                noMissingText(kr.out());
                io.tcpdoctor.testing.FactsGuard.check(kr.out());
            }
        }
        assertThat(run("explain", "tcp_fin_timeout", "--lang", "en").out()).contains("Does not shorten TIME_WAIT");
        assertThat(run("explain", "tcp_tw_recycle", "--lang", "en").out()).contains("Never set it");
        Cli.Result bad = run("explain", "half-closed");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown topic 'half-closed'");
        JsonNode d = new ObjectMapper().readTree(run("explain", "close", "-o", "json").out());
        assertThat(d.get("diagrams")).hasSize(3);
        assertThat(d.get("diagrams").get(0).get("right_states").toString()).isEqualTo("[\"ESTABLISHED\",\"CLOSE_WAIT\",\"LAST_ACK\",\"CLOSE\"]");
        assertThat(run("explain", "-o", "csv").out()).startsWith("kind,topic");
    }

    @Test
    void causesSpanningStatesInBothLanguages() throws Exception {
        for (io.tcpdoctor.explain.Topic t : io.tcpdoctor.explain.Topic.values()) {
            for (String lang : List.of("en", "zh")) {
                Cli.Result r = run("explain", t.topicName(), "--lang", lang);
                assertThat(r.code()).as(t + " " + lang).isZero();
                noMissingText(r.out());
            }
        }
        String syn = run("explain", "syn-queue", "--lang", "en").out().replaceAll("\\s+", " ");
        assertThat(syn).contains("Since Linux 4.4").contains("backlog 8 held 9 SYN_RECV").contains("Keep the default");
        String reuse = run("explain", "SO_REUSEADDR", "--lang", "en").out().replaceAll("\\s+", " ");
        assertThat(reuse).contains("Address already in use").contains("TWRecycled").contains("1 s");
        String ct = run("explain", "conntrack", "--lang", "zh").out().replaceAll("\\s+", "");
        assertThat(ct).contains("120秒").contains("SNAT");
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run("explain", "accept-queue", "-o", "json").out());
        assertThat(doc.get("kind").asText()).isEqualTo("topic");
        assertThat(doc.get("paragraphs").size()).isEqualTo(5);
        assertThat(doc.get("paragraphs").toString()).contains("tcp_abort_on_overflow").contains("EMFILE");
        assertThat(run("explain", "--lang", "en").out()).contains("idle-timeouts").contains("abort-on-close");
    }

    @Test
    void ipvsTimeoutsAreValues() {
        // ip_vs_proto_tcp.c tcp_timeouts[]: fixed values except the three ipvsadm --set changes.
        java.util.Map<String, String> expected = java.util.Map.ofEntries(java.util.Map.entry("NONE", "2 s"),
                java.util.Map.entry("SYN_RECV", "60 s"), java.util.Map.entry("ESTABLISHED", "900 s"),
                java.util.Map.entry("FIN_WAIT", "120 s"), java.util.Map.entry("TIME_WAIT", "120 s"),
                java.util.Map.entry("CLOSE", "10 s"), java.util.Map.entry("CLOSE_WAIT", "60 s"),
                java.util.Map.entry("LAST_ACK", "30 s"), java.util.Map.entry("LISTEN", "120 s"),
                java.util.Map.entry("SYN_SENT", "120 s"), java.util.Map.entry("SYNACK", "120 s"));
        for (var e : expected.entrySet()) {
            String out = run("explain", "ipvs:" + e.getKey(), "--lang", "en").out().replaceAll("\\s+", " ");
            assertThat(out).as(e.getKey()).contains("Timeout " + e.getValue());
        }
    }
}
