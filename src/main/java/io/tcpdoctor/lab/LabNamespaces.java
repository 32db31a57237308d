package io.tcpdoctor.lab;

import io.tcpdoctor.error.ExitCode;
import io.tcpdoctor.error.TcpdoctorException;
import io.tcpdoctor.collect.Netns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's network namespaces: named {@code tcpdoctor-lab-<pid>-<scenario>} so a run killed with SIGKILL
 * leaves a name that says whose it was; the next run deletes those whose process is gone. All changes go
 * through {@code ip}, {@code sysctl} and {@code nft} run inside the named namespace, never on the host.
 */
public final class LabNamespaces {
    private LabNamespaces() {
    }

    /** Every lab namespace starts with this. */
    public static final String PREFIX = "tcpdoctor-lab-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.+");

    /** A free name for this process and scenario. */
    static String nameFor(String scenario, String suffix) {
        String base = PREFIX + ProcessHandle.current().pid() + "-" + scenario + suffix;
        String name = base;
        for (int i = 2; Files.exists(Netns.pathOf(name)); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** Lab namespaces that exist now. */
    public static List<String> existing() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(Netns.NETNS_DIR)) {
            return out;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Netns.NETNS_DIR, PREFIX + "*")) {
            for (Path p : dir) {
                out.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            // unreadable: nothing to report
        }
        return out;
    }

    /** Deletes lab namespaces whose creating process is gone (a run killed with SIGKILL); returns their names. */
    public static List<String> removeStale() {
        List<String> removed = new ArrayList<>();
        for (String n : existing()) {
            Matcher m = NAME.matcher(n);
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive && delete(n)) {
                removed.add(n);
            }
        }
        return removed;
    }

    /** Creates a namespace with loopback up. */
    static void create(String name) {
        exec("ip", "netns", "add", name);
        try {
            exec("ip", "-n", name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            delete(name);
            throw e;
        }
    }

    /** Joins two lab namespaces with a veth pair; each side gets an address in one /24. */
    static void link(String a, String addrA, String b, String addrB) {
        String tag = Long.toString(ProcessHandle.current().pid(), 36);
        String va = "tdl" + tag + "a";
        String vb = "tdl" + tag + "b";
        exec("ip", "-n", a, "link", "add", va, "type", "veth", "peer", "name", vb, "netns", b);
        exec("ip", "-n", a, "addr", "add", addrA + "/24", "dev", va);
        exec("ip", "-n", b, "addr", "add", addrB + "/24", "dev", vb);
        exec("ip", "-n", a, "link", "set", va, "up");
        exec("ip", "-n", b, "link", "set", vb, "up");
    }

    /** Deletes a namespace (its veth goes with it); false when it was not there or could not be deleted. */
    static boolean delete(String name) {
        if (!Files.exists(Netns.pathOf(name))) {
            return false;
        }
        try {
            exec("ip", "netns", "del", name);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sets one sysctl inside the named namespace (never the host's: the write runs under ip netns exec). */
    static void sysctl(String netns, String key, String value) {
        exec("ip", "netns", "exec", netns, "sysctl", "-q", "-w", key + "=" + value);
    }

    /** Loads an nft ruleset inside the named namespace. */
    static void nft(String netns, String ruleset) {
        run(ruleset, "ip", "netns", "exec", netns, "nft", "-f", "-");
    }

    /** Runs a tool (bounded to 20 s); a failure is an error naming the command and its output. */
    static String exec(String... cmd) {
        return run(null, cmd);
    }

    private static String run(String stdin, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, "timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new TcpdoctorException(ExitCode.UNAVAILABLE, String.join(" ", cmd) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "cannot run " + cmd[0] + " (install "
                    + (cmd.length > 4 && cmd[4].equals("nft") ? "nftables" : "iproute2 and procps") + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TcpdoctorException(ExitCode.UNAVAILABLE, "interrupted: " + String.join(" ", cmd));
        }
    }
}
