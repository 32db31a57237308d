package io.tcpdoctor.advise;

import io.tcpdoctor.i18n.Messages;
import java.util.ArrayList;
import java.util.List;

/** Advice for platforms tcpdoctor does not run on: Windows registry/netsh commands and LVS (ipvsadm) timeouts. */
public final class PlatformAdvice {
    private PlatformAdvice() {
    }

    /** Registry key holding TcpTimedWaitDelay. */
    public static final String TCPIP_PARAMETERS = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

    /** One block of advice: a heading, explanation lines and commands to run. */
    public record Block(String title, List<String> text, List<String> commands) {
    }

    /** Windows: TcpTimedWaitDelay (30..300 s) and the dynamic port range (netsh). */
    public static List<Block> windows(Messages msg, int delay, int start, int end) {
        if (delay < 30 || delay > 300) {
            throw new IllegalArgumentException("--time-wait-delay must be 30..300 seconds (the registry range), not " + delay);
        }
        if (start < 1025 || end > 65535 || start > end) {
            throw new IllegalArgumentException("--dynamic-ports must be START-END within 1025-65535, not " + start + "-" + end);
        }
        int num = end - start + 1;
        if (num < 255) {
            throw new IllegalArgumentException("--dynamic-ports: netsh needs at least 255 ports");
        }
        List<Block> out = new ArrayList<>();
        out.add(new Block(msg.get("win.tw.title"), List.of(msg.get("win.tw.what"), msg.get("win.tw.default"),
                msg.get("win.tw.effect", delay), msg.get("win.tw.restart")), List.of(
                "reg query \"" + TCPIP_PARAMETERS + "\" /v TcpTimedWaitDelay",
                "reg add \"" + TCPIP_PARAMETERS + "\" /v TcpTimedWaitDelay /t REG_DWORD /d " + delay + " /f",
                "# PowerShell:",
                "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters' -Name TcpTimedWaitDelay",
                "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters' -Name TcpTimedWaitDelay -Value "
                        + delay + " -Type DWord")));
        out.add(new Block(msg.get("win.ports.title"), List.of(msg.get("win.ports.what"),
                msg.get("win.ports.effect", String.valueOf(start), String.valueOf(end), String.valueOf(num)),
                msg.get("win.ports.maxuserport")), List.of(
                "netsh int ipv4 show dynamicport tcp",
                "netsh int ipv4 set dynamicport tcp start=" + start + " num=" + num,
                "netsh int ipv6 set dynamicport tcp start=" + start + " num=" + num)));
        out.add(new Block(msg.get("win.better.title"), List.of(msg.get("win.better.text")), List.of()));
        return out;
    }

    /** LVS: what the three timeouts mean, their current values, and the ipvsadm command for a change. */
    public static List<Block> lvs(Messages msg, IpvsTimeouts current, String currentFrom, IpvsTimeouts set) {
        List<Block> out = new ArrayList<>();
        List<String> head = new ArrayList<>();
        if (currentFrom != null) {
            head.add(msg.get("lvs.current", currentFrom, String.valueOf(current.tcp()), String.valueOf(current.tcpFin()),
                    String.valueOf(current.udp())));
        } else {
            head.add(msg.get("lvs.defaults"));
        }
        head.add(msg.get("lvs.set"));
        out.add(new Block(msg.get("lvs.title"), head, List.of("ipvsadm -L --timeout")));
        out.add(new Block("tcp", List.of(msg.get("lvs.tcp")), List.of()));
        out.add(new Block("tcpfin", List.of(msg.get("lvs.tcpfin")), List.of()));
        out.add(new Block("udp", List.of(msg.get("lvs.udp")), List.of()));
        if (set != null) {
            IpvsTimeouts after = set.appliedTo(current);
            out.add(new Block(msg.get("lvs.change.title"), List.of(msg.get("lvs.change", String.valueOf(current.tcp()),
                    String.valueOf(after.tcp()), String.valueOf(current.tcpFin()), String.valueOf(after.tcpFin()),
                    String.valueOf(current.udp()), String.valueOf(after.udp()))),
                    List.of("ipvsadm --set " + set.tcp() + " " + set.tcpFin() + " " + set.udp())));
        } else {
            out.add(new Block(msg.get("lvs.example.title"), List.of(msg.get("lvs.example")), List.of("ipvsadm --set 0 60 0")));
        }
        out.add(new Block(msg.get("lvs.states.title"), List.of(msg.get("lvs.states")), List.of("ipvsadm -Lnc")));
        return out;
    }
}
