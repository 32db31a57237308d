package io.tcpdoctor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Hidden: writes one troff man page per command into a directory (used by the packaging script). */
@Command(name = "generate-man", hidden = true, description = "Write the man pages (section 1) into DIR.")
public class GenerateManCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Where to write tcpdoctor.1 and tcpdoctor-COMMAND.1.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        for (ManPage page : ManPage.all()) {
            Files.writeString(dir.resolve(page.fileName()), page.troff());
        }
        return 0;
    }
}
