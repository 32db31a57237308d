package io.tcpdoctor.lint;

import java.util.Locale;

/** One finding of the sysctl lint, tied to a file and line. */
public record LintFinding(String file, int line, Severity severity, String code, String key, String message) {

    /** How bad a finding is; decides the exit code of {@code tune --check}. */
    public enum Severity {
        /** The line fails or does harm: sysctl -p errors out, or the value is known to break connections. */
        ERROR,
        /** Risky or surprising: works, but likely not what the author wanted. */
        WARNING,
        /** Correct, but worth knowing what it does and does not do. */
        NOTE;

        /** Lower-case label as printed. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code file:line: severity: [code] message}, like a compiler. */
    public String describe(String severityText) {
        return file + ":" + line + ": " + severityText + ": [" + code + "] " + message;
    }
}
