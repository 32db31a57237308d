package io.tcpdoctor.lint;

import io.tcpdoctor.model.Severity;

/** One finding of the sysctl lint, tied to a file and line; {@code code} is the finding id, shared with diagnose for one fact. */
public record LintFinding(String file, int line, Severity severity, String code, String key, String message) {

    /** {@code file:line: severity: [code] message}, like a compiler. */
    public String describe(String severityText) {
        return file + ":" + line + ": " + severityText + ": [" + code + "] " + message;
    }
}
