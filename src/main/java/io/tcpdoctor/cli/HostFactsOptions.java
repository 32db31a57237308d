package io.tcpdoctor.cli;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.KernelVersion;
import io.tcpdoctor.collect.SysctlFile;
import io.tcpdoctor.model.Problem;
import io.tcpdoctor.observe.HostFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What a capture cannot tell about its host, given by the user: {@code --sysctl FILE} and {@code --kernel RELEASE}. */
public class HostFactsOptions {
    @Option(names = "--sysctl", paramLabel = "FILE",
            description = "For a capture: the host's sysctl values, as saved by 'sysctl -a > FILE' or a sysctl.conf file. "
                    + "Without it documented defaults are assumed and listed.")
    Path sysctlFile;

    @Option(names = "--kernel", paramLabel = "RELEASE",
            description = "For a capture: the host's kernel release (uname -r), e.g. 5.15.0-91-generic. "
                    + "A 'sysctl -a' file's kernel.osrelease gives it too.")
    String kernel;

    /** True when the user gave any host fact. */
    boolean given() {
        return sysctlFile != null || kernel != null;
    }

    /** Fails for a live source: it reads the host's own facts. */
    void rejectForLive() {
        if (sysctlFile != null) {
            throw new TcpdoctorException(ExitCode.USAGE, "--sysctl is for captures; a live source reads the host's own values");
        }
        if (kernel != null) {
            throw new TcpdoctorException(ExitCode.USAGE, "--kernel is for captures; a live source reads the running kernel");
        }
    }

    /** The facts given for a capture ({@link HostFacts#none()} without options); odd lines of the file go to {@code notes}. */
    HostFacts load(List<Problem> notes) {
        HostFacts h = sysctlFile == null ? HostFacts.none() : loadSysctls(sysctlFile, notes);
        if (kernel != null) {
            if (!kernel.trim().matches("[0-9]+\\.[0-9]+.*")) {
                throw new TcpdoctorException(ExitCode.USAGE, "--kernel must be a release such as 5.15.0-91-generic, got '" + kernel + "'");
            }
            KernelVersion k = KernelVersion.parse(kernel.trim());
            h = new HostFacts(h.sysctls(), h.counters(), h.sockstat(), k, h.processes(), h.fileNr(),
                    sysctlFile == null ? "--kernel" : h.origin());
        }
        return h;
    }

    /** Reads --sysctl FILE; unreadable or empty files are bad input, odd lines are notes. */
    static HostFacts loadSysctls(Path file, List<Problem> notes) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: no such file " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: " + file + " is not UTF-8 text (save it with 'sysctl -a > FILE')");
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: cannot read " + file + ": " + e.getMessage());
        }
        SysctlFile parsed = SysctlFile.parse(file.toString(), text);
        if (parsed.values().isEmpty()) {
            throw new TcpdoctorException(ExitCode.BAD_INPUT, "--sysctl: " + file + " has no 'key = value' lines"
                    + (parsed.problems().isEmpty() ? "" : " (" + parsed.problems().getFirst().describe() + ")"));
        }
        notes.addAll(parsed.problems().stream().limit(5).toList());
        return HostFacts.ofSysctlFile(parsed, file.toString());
    }
}
