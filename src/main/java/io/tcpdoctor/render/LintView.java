package io.tcpdoctor.render;

import io.tcpdoctor.lint.LintFinding;
import java.util.List;

/** What {@code tune --lint} shows: the findings per file and line, the exit code, and how many settings were read. */
public record LintView(String kernel, List<String> files, List<LintFinding> findings, int exitCode, long settings) {
}
