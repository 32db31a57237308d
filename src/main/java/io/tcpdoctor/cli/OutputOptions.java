package io.tcpdoctor.cli;

import io.tcpdoctor.render.Format;
import picocli.CommandLine.Option;

/** The output format option every command has. */
public class OutputOptions {
    @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: text, json or csv. Default: ${DEFAULT-VALUE}.")
    String format = "text";

    /** The parsed format. */
    public Format format() {
        return Format.parse(format);
    }
}
