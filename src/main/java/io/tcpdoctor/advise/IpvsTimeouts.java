package io.tcpdoctor.advise;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The three IPVS timeouts that {@code ipvsadm --set} changes, parsed from {@code ipvsadm -L --timeout} output. */
public record IpvsTimeouts(int tcp, int tcpFin, int udp) {
    /** The kernel defaults: tcp 900 s, tcpfin 120 s, udp 300 s. */
    public static final IpvsTimeouts DEFAULTS = new IpvsTimeouts(900, 120, 300);

    private static final Pattern LINE = Pattern.compile(
            "Timeout\\s*\\(\\s*tcp\\s+tcpfin\\s+udp\\s*\\)\\s*:\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.CASE_INSENSITIVE);

    /** Finds the {@code Timeout (tcp tcpfin udp): 900 120 300} line; a file without it is bad input. */
    public static IpvsTimeouts parse(String file, String text) {
        String[] lines = text.split("\r?\n");
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            if (m.find()) {
                try {
                    return new IpvsTimeouts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new TcpdoctorException(ExitCode.BAD_INPUT, file + ": no 'Timeout (tcp tcpfin udp): N N N' line "
                + "(expected the output of 'ipvsadm -L --timeout')");
    }

    /** Parses {@code TCP,TCPFIN,UDP} as given to --lvs-set (0 keeps a value). */
    public static IpvsTimeouts parseSet(String text) {
        String[] p = text.trim().split("[,\\s]+");
        if (p.length != 3) {
            throw new IllegalArgumentException("--lvs-set needs three numbers TCP,TCPFIN,UDP (0 keeps a value), not '" + text + "'");
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Integer.parseInt(p[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lvs-set: '" + p[i] + "' is not a number of seconds");
            }
            if (v[i] < 0) {
                throw new IllegalArgumentException("--lvs-set: timeouts cannot be negative");
            }
        }
        return new IpvsTimeouts(v[0], v[1], v[2]);
    }

    /** The values after {@code ipvsadm --set} with these arguments applied to {@code current} (0 keeps). */
    public IpvsTimeouts appliedTo(IpvsTimeouts current) {
        return new IpvsTimeouts(tcp == 0 ? current.tcp : tcp, tcpFin == 0 ? current.tcpFin : tcpFin,
                udp == 0 ? current.udp : udp);
    }
}
