package io.tcpdoctor.diagnose;

import io.tcpdoctor.observe.HostFacts;
import io.tcpdoctor.observe.Observation;
import io.tcpdoctor.collect.ProcNetTcp;
import io.tcpdoctor.collect.SysctlFile;
import io.tcpdoctor.model.Snapshot;
import io.tcpdoctor.model.SocketRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: saved /proc/net/tcp and tcp6 dumps and sysctl files under src/test/resources/diagnose. */
final class ProcDumps {
    static final Path DIR = Path.of("src/test/resources/diagnose");

    private ProcDumps() {
    }

    /** A snapshot of every row of the given dump files, parsed with the /proc/net/tcp row parser. */
    static Snapshot snapshot(String... files) {
        List<SocketRecord> rows = new ArrayList<>();
        for (String f : files) {
            for (String line : read(f).split("\n")) {
                if (!line.isBlank() && !ProcNetTcp.isHeader(line)) {
                    rows.add(ProcNetTcp.parse(line, null));
                }
            }
        }
        return Snapshot.ofRecords(Instant.parse("2026-11-20T03:14:00Z"), String.join("+", files), rows, List.of(), null);
    }

    /** Host facts from a saved sysctl file. */
    static HostFacts sysctls(String file) {
        return HostFacts.ofSysctlFile(SysctlFile.parse(file, read(file)), file);
    }

    static String read(String file) {
        try {
            return Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
