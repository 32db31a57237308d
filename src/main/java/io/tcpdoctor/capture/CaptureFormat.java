package io.tcpdoctor.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The capture formats tcpdoctor reads, each with its parser; the order breaks ties in detection. */
public enum CaptureFormat {
    NETSTAT("netstat", "Linux netstat", LinuxNetstatParser::new),
    SS("ss", "ss", SsParser::new),
    PROC("proc", "/proc/net/tcp", ProcNetParser::new),
    WINDOWS("windows", "Windows netstat", WindowsNetstatParser::new),
    BSD("bsd", "macOS/FreeBSD netstat", BsdNetstatParser::new),
    POWERSHELL("powershell", "Get-NetTCPConnection", PowerShellParser::new),
    IPVS("ipvsadm", "ipvsadm -Lnc", IpvsadmParser::new),
    SS_SUMMARY("ss-s", "ss -s", SsSummaryParser::new),
    COUNTS("counts", "state counts (awk, uniq -c)", CountsParser::new);

    private final String option;
    private final String label;
    private final Supplier<CaptureParser> factory;

    CaptureFormat(String option, String label, Supplier<CaptureParser> factory) {
        this.option = option;
        this.label = label;
        this.factory = factory;
    }

    /** The name accepted by {@code --input-format}. */
    public String option() {
        return option;
    }

    /** A human name for messages. */
    public String label() {
        return label;
    }

    /** A fresh parser for this format. */
    public CaptureParser parser() {
        return factory.get();
    }

    /** True when the format gives per-socket rows (not totals only, not IPVS entries). */
    public boolean hasSockets() {
        return this != SS_SUMMARY && this != COUNTS && this != IPVS;
    }

    /** Parses a {@code --input-format} value; throws IllegalArgumentException naming the valid ones. */
    public static CaptureFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (CaptureFormat f : values()) {
            if (f.option.equals(t) || f.name().toLowerCase(Locale.ROOT).equals(t)) {
                return f;
            }
        }
        switch (t) {
            case "net-tools", "linux" -> {
                return NETSTAT;
            }
            case "macos", "freebsd", "darwin" -> {
                return BSD;
            }
            case "get-nettcpconnection", "pwsh" -> {
                return POWERSHELL;
            }
            case "uniq", "awk" -> {
                return COUNTS;
            }
            case "ss-summary" -> {
                return SS_SUMMARY;
            }
            default -> {
            }
        }
        throw new IllegalArgumentException("unknown input format '" + text + "'; valid: " + options());
    }

    /** Comma-separated {@code --input-format} names. */
    public static String options() {
        List<String> names = new ArrayList<>();
        for (CaptureFormat f : values()) {
            names.add(f.option);
        }
        return String.join(", ", names);
    }

    /** Comma-separated human names, for the "not a capture" error. */
    public static String labels() {
        List<String> names = new ArrayList<>();
        for (CaptureFormat f : values()) {
            names.add(f.label);
        }
        return String.join(", ", names);
    }
}
