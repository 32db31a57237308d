package io.tcpdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code tcpdoctor --version} prints: the version and git commit recorded at build time (by
 * {@code scripts/build-info.sh}) and the Java runtime running it. Plain JDK code, so the entry point can
 * answer {@code --version} without building the command-line model.
 */
public final class BuildInfo {
    private static final String RESOURCE = "/io/tcpdoctor/build.properties";

    private BuildInfo() {
    }

    /** The version and the commit, each "unknown" when the build did not record it. */
    public record Recorded(String version, String commit) {
    }

    /** Reads the recorded build facts. */
    public static Recorded recorded() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // A jar without the resource still reports "unknown" rather than failing --version.
        }
        return new Recorded(p.getProperty("version", "unknown"), p.getProperty("commit", "unknown"));
    }

    /** The lines of {@code --version}. */
    public static List<String> lines() {
        Recorded r = recorded();
        return List.of(
                "tcpdoctor " + r.version(),
                "commit:  " + r.commit(),
                "runtime: Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                        + ", " + System.getProperty("java.vm.name") + ") at " + System.getProperty("java.home"));
    }

    /** Gives picocli the same lines for {@code --version} on any command. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines().toArray(String[]::new);
        }
    }
}
