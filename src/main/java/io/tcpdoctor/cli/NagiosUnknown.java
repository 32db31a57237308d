package io.tcpdoctor.cli;

import io.tcpdoctor.render.Json;
import io.tcpdoctor.render.Terminal;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}'s answer when anything fails (a usage error, an unreadable source, out of memory): exactly one
 * UNKNOWN line, or one JSON document with {@code -o json}, and Nagios exit code 3. Loads no picocli, so the
 * entry point can use it for errors raised before or outside the command.
 */
public final class NagiosUnknown {
    /** Nagios UNKNOWN. */
    public static final int CODE = 3;

    private NagiosUnknown() {
    }

    /** True when the command line runs {@code check} (its first word that is not an option). */
    public static boolean applies(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("check");
            }
        }
        return false;
    }

    /** Prints the one UNKNOWN answer for this command line and returns 3. */
    public static int report(PrintWriter out, String[] args, String reason) {
        return report(out, json(args), "cannot diagnose: " + (reason == null ? "unknown error" : reason));
    }

    /** Prints the one UNKNOWN answer, as JSON or as a line, and returns 3. */
    public static int report(PrintWriter out, boolean json, String reason) {
        String why = Terminal.field(reason).replace('|', '/');
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", "UNKNOWN");
            doc.put("exit_code", CODE);
            doc.put("summary", why);
            doc.put("findings", List.of());
            doc.put("perf", Map.of());
            Json.write(out, doc);
        } else {
            out.println("TCPDOCTOR UNKNOWN - " + why);
        }
        out.flush();
        return CODE;
    }

    /** Whether {@code -o json} / {@code --format json} was asked for (read without parsing the rest). */
    static boolean json(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            if ((a.equals("-o") || a.equals("--format")) && i + 1 < args.length) {
                v = args[i + 1];
            } else if (a.startsWith("--format=")) {
                v = a.substring("--format=".length());
            } else if (a.startsWith("-o") && a.length() > 2) {
                v = a.substring(a.charAt(2) == '=' ? 3 : 2);
            }
            if (v != null && v.trim().equalsIgnoreCase("json")) {
                return true;
            }
        }
        return false;
    }
}
