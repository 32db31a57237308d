package io.tcpdoctor.capture;

import io.tcpdoctor.model.TcpState;
import java.util.Locale;

/**
 * State spellings of captures: every spelling {@link TcpState#parse} knows plus the ones only localized or
 * platform tools print. German Windows prints ABHÖREN, HERGESTELLT, WARTEND, SCHLIESSEN_WARTEN, SYN_GESENDET,
 * FIN_WARTEN_1/2, SCHLIESSEND, LETZTER_ACK; the Ö arrives as other bytes when the console code page (850)
 * was read as another one, so any {@code ABH...REN} counts. German net-tools translates ESTABLISHED as
 * VERBUNDEN. PowerShell and newer Windows print Bound and DeleteTcb: a socket with no connection, which
 * Linux calls CLOSE.
 */
final class StateNames {
    private StateNames() {
    }

    /** The state, or null when the text is not a TCP state in any known spelling. */
    static TcpState parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 24) {
            return null;
        }
        TcpState s = TcpState.parse(text);
        if (s != null) {
            return s;
        }
        String u = text.toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (u) {
            case "VERBUNDEN", "HERGESTELLT" -> TcpState.ESTABLISHED;
            case "WARTEND", "ZEIT_WARTEN" -> TcpState.TIME_WAIT;
            case "SCHLIESSEN_WARTEN", "SCHLIEßEN_WARTEN" -> TcpState.CLOSE_WAIT;
            case "SYN_GESENDET" -> TcpState.SYN_SENT;
            case "SYN_EMPFANGEN" -> TcpState.SYN_RECV;
            case "FIN_WARTEN_1" -> TcpState.FIN_WAIT1;
            case "FIN_WARTEN_2" -> TcpState.FIN_WAIT2;
            case "SCHLIESSEND", "SCHLIEßEND" -> TcpState.CLOSING;
            case "LETZTER_ACK", "LETZTES_ACK" -> TcpState.LAST_ACK;
            case "GESCHLOSSEN", "BOUND", "DELETETCB", "DELETE_TCB" -> TcpState.CLOSE;
            case "HÖREN", "ABHÖREN" -> TcpState.LISTEN;
            default -> u.startsWith("ABH") && u.endsWith("REN") && u.length() <= 9 ? TcpState.LISTEN : null;
        };
    }
}
