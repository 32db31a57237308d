package io.tcpdoctor.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The capture formats tcpdoctor reads, each with its parser; the order breaks ties in detection. */
public enum CaptureFormat {
    NETSTAT("netstat", "Linux netstat"),
    SS("ss", "ss"),
    PROC("proc", "/proc/net/tcp"),
    WINDOWS("windows", "Windows netstat"),
    BSD("bsd", "macOS/FreeBSD netstat"),
    POWERSHELL("powershell", "Get-NetTCPConnection"),
    IPVS("ipvsadm", "ipvsadm -Lnc"),
    SS_SUMMARY("ss-s", "ss -s"),
    COUNTS("counts", "state counts (awk, uniq -c)");

    private final String option;
    private final String label;

    CaptureFormat(String option, String label) {
        this.option = option;
        this.label = label;
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
        // A switch rather than method references: no lambda classes to spin up when a short run starts.
        return switch (this) {
            case NETSTAT -> new LinuxNetstatParser();
            case SS -> new SsParser();
            case PROC -> new ProcNetParser();
            case WINDOWS -> new WindowsNetstatParser();
            case BSD -> new BsdNetstatParser();
            case POWERSHELL -> new PowerShellParser();
            case IPVS -> new IpvsadmParser();
            case SS_SUMMARY -> new SsSummaryParser();
            case COUNTS -> new CountsParser();
        };
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
