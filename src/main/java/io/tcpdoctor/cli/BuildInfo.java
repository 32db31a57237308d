package io.tcpdoctor.cli;

import java.util.List;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code tcpdoctor --version} prints: the version and git commit recorded at build time (by
 * {@code scripts/build-info.sh} as the constants of {@code BuildData}) and the Java runtime running it. Plain JDK code, so the entry point can
 * answer {@code --version} without building the command-line model.
 */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** The version and the commit, each "unknown" when the build did not record it. */
    public record Recorded(String version, String commit) {
    }

    /** The recorded build facts (constants of the generated {@code BuildData}). */
    public static Recorded recorded() {
        return new Recorded(BuildData.VERSION, BuildData.COMMIT);
    }

    /** The lines of {@code --version}. */
    public static List<String> lines() {
        Recorded r = recorded();
        return List.of(
                "tcpdoctor " + r.version(),
                "commit:  " + r.commit(),
                "runtime: Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                        + ", " + System.getProperty("java.vm.name") + ") at " + System.getProperty("java.home"),
                "system calls: " + io.tcpdoctor.collect.Libc.nativeCalls());
    }

    /** Gives picocli the same lines for {@code --version} on any command. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines().toArray(String[]::new);
        }
    }
}
