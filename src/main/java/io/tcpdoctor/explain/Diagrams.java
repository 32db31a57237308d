package io.tcpdoctor.explain;

import static io.tcpdoctor.model.TcpState.CLOSE;
import static io.tcpdoctor.model.TcpState.CLOSE_WAIT;
import static io.tcpdoctor.model.TcpState.CLOSING;
import static io.tcpdoctor.model.TcpState.ESTABLISHED;
import static io.tcpdoctor.model.TcpState.FIN_WAIT1;
import static io.tcpdoctor.model.TcpState.FIN_WAIT2;
import static io.tcpdoctor.model.TcpState.LAST_ACK;
import static io.tcpdoctor.model.TcpState.LISTEN;
import static io.tcpdoctor.model.TcpState.SYN_RECV;
import static io.tcpdoctor.model.TcpState.SYN_SENT;
import static io.tcpdoctor.model.TcpState.TIME_WAIT;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.TcpState;
import java.util.List;

/** The sequence diagrams of {@code explain open} and {@code explain close}, with both sides' states step by step. */
public final class Diagrams {
    private Diagrams() {
    }

    private static Diagram.Row row(TcpState l, String arrow, TcpState r) {
        return new Diagram.Row(l, null, arrow, r, null);
    }

    /** The three-way handshake. */
    public static Diagram open(Messages m) {
        return new Diagram(m.get("diagram.open.title"), m.get("diagram.open.left"), m.get("diagram.open.right"), List.of(
                row(CLOSE, null, LISTEN),
                row(SYN_SENT, Diagram.right("SYN"), null),
                row(null, null, SYN_RECV),
                row(null, Diagram.left("SYN+ACK"), null),
                row(ESTABLISHED, Diagram.right("ACK"), null),
                new Diagram.Row(null, null, null, ESTABLISHED, m.get("diagram.open.note.queued"))),
                m.get("diagram.open.note"));
    }

    /** The four-way close. */
    public static Diagram close(Messages m) {
        return new Diagram(m.get("diagram.close.title"), m.get("diagram.close.left"), m.get("diagram.close.right"), List.of(
                row(ESTABLISHED, null, ESTABLISHED),
                row(FIN_WAIT1, Diagram.right("FIN"), null),
                new Diagram.Row(null, null, null, CLOSE_WAIT, m.get("diagram.close.note.closewait")),
                row(null, Diagram.left("ACK"), null),
                row(FIN_WAIT2, null, null),
                new Diagram.Row(null, null, null, LAST_ACK, m.get("diagram.close.note.lastack")),
                row(null, Diagram.left("FIN"), null),
                row(TIME_WAIT, Diagram.right("ACK"), null),
                new Diagram.Row(null, m.get("diagram.close.note.timewait"), null, CLOSE, null),
                row(CLOSE, null, null)),
                m.get("diagram.close.note"));
    }

    /** Simultaneous close: both sides pass through CLOSING and end in TIME_WAIT. */
    public static Diagram simultaneousClose(Messages m) {
        return new Diagram(m.get("diagram.simclose.title"), m.get("diagram.close.left"), m.get("diagram.close.right"), List.of(
                row(ESTABLISHED, null, ESTABLISHED),
                row(FIN_WAIT1, Diagram.right("FIN"), FIN_WAIT1),
                row(null, Diagram.left("FIN"), null),
                row(CLOSING, Diagram.right("ACK"), CLOSING),
                row(null, Diagram.left("ACK"), null),
                new Diagram.Row(TIME_WAIT, null, null, TIME_WAIT, m.get("diagram.simclose.note.both"))),
                m.get("diagram.simclose.note"));
    }

    /** The lost final ACK: the peer resends its FIN and TIME_WAIT answers it again. */
    public static Diagram lostFinalAck(Messages m) {
        return new Diagram(m.get("diagram.lostack.title"), m.get("diagram.close.left"), m.get("diagram.close.right"), List.of(
                row(FIN_WAIT2, null, LAST_ACK),
                row(null, Diagram.left("FIN"), null),
                row(TIME_WAIT, Diagram.lost("ACK", m.get("diagram.lostack.lost")), null),
                new Diagram.Row(null, null, Diagram.left("FIN " + m.get("diagram.lostack.resent")), LAST_ACK,
                        m.get("diagram.lostack.note.timer")),
                row(TIME_WAIT, Diagram.right("ACK"), null),
                new Diagram.Row(null, m.get("diagram.lostack.note.again"), null, CLOSE, null)),
                m.get("diagram.lostack.note"));
    }

    /** The diagram that shows where a state sits. */
    public static Diagram forState(TcpState s, Messages m) {
        return switch (s) {
            case LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED -> open(m);
            case CLOSING -> simultaneousClose(m);
            default -> close(m);
        };
    }
}
