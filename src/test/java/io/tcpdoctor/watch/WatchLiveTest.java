package io.tcpdoctor.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpdoctor.Main;
import io.tcpdoctor.testing.Cli;
import io.tcpdoctor.testing.Population;
import io.tcpdoctor.testing.TestNetns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} against a namespace of its own with a known population (7 ESTABLISHED pairs, 5 TIME_WAIT,
 * 4 CLOSE_WAIT/FIN_WAIT2 pairs, 3 listeners): in a pipe, and in a real terminal (tmux) where the screen is read
 * back, the population changed, the window resized, the grouping switched and the view quit.
 * Each test has a namespace and population of its own and ends well inside the 60 s its TIME_WAIT sockets live.
 */
class WatchLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATE_ROW = Pattern.compile("^([A-Z_12]+)\\s+(\\d+)(?:\\s|$)");
    private static TestNetns ns;
    private static int estPort;
    private static int twPort;
    private static int cwPort;
    private static long populationPid;

    /** A namespace per test, so the TIME_WAIT sockets (60 s) are young whatever ran before. */
    @BeforeEach
    void populate() throws Exception {
        ns = TestNetns.create("td-watch");
        // A small range with reserved ports inside, so the usable count shown must come from this namespace.
        ns.setSysctls("net.ipv4.ip_local_port_range=40000 40199", "net.ipv4.ip_local_reserved_ports=40000-40009");
        Process p = ns.startJava(Population.class, "7", "5", "4");
        String[] ready = TestNetns.awaitReady(p, 60_000).split(" ");
        populationPid = Long.parseLong(ready[1]);
        estPort = Integer.parseInt(ready[2]);
        twPort = Integer.parseInt(ready[3]);
        cwPort = Integer.parseInt(ready[4]);
        Thread.sleep(200);
    }

    @AfterEach
    void cleanup() {
        if (ns != null) {
            ns.close();
            ns = null;
        }
    }

    /** The command line that runs tcpdoctor with this JDK and the test class path. */
    private static List<String> tcpdoctor(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Map<String, Long> statesNow() throws Exception {
        Cli.Result r = Cli.run("states", "--netns", ns.name(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Long> m = new TreeMap<>();
        JsonNode states = JSON.readTree(r.out()).get("states");
        states.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        m.put("total", JSON.readTree(r.out()).get("total").asLong());
        return m;
    }

    /** {@code total=N STATE=N(...)}: the counts of one compact line. */
    static Map<String, Long> lineCounts(String line) {
        Map<String, Long> m = new TreeMap<>();
        Matcher x = Pattern.compile(" (total|[A-Z_12]+)=(\\d+)").matcher(line);
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        return m;
    }

    @Test
    void pipeGetsOneCompactLinePerRefreshAndEndsWithTheReader() throws Exception {
        Map<String, Long> expected = statesNow();
        assertThat(expected).containsEntry("ESTABLISHED", 14L).containsEntry("TIME_WAIT", 5L)
                .containsEntry("CLOSE_WAIT", 4L).containsEntry("FIN_WAIT2", 4L).containsEntry("LISTEN", 3L);
        String line = String.join(" ", tcpdoctor("watch", "-N", ns.name(), "--interval", "1")).replace("$", "\\$");
        long start = System.nanoTime();
        // No --count: the view must stop by itself once head has its three lines and closes the pipe.
        Process p = new ProcessBuilder("sh", "-c", line + " | head -3").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("watch | head -3 ends").isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(3);
        for (String l : lines) {
            assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ total=\\d+.*");
            assertThat(lineCounts(l)).as(l).isEqualTo(expected);
        }
        assertThat(statesNow()).isEqualTo(expected);
        assertThat(p.exitValue()).isZero();
        // Three refreshes a second apart, then at most one more interval to notice the closed pipe, plus start-up.
        assertThat(seconds).isLessThan(20);
    }

    @Test
    void fullScreenShowsCountsGroupsAndFollowsChangesResizeKeysAndQuit(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("watch.sh");
        Files.writeString(script, "export LANG=C.UTF-8\n" + String.join(" ", tcpdoctor("watch", "-N", ns.name(), "--interval", "1s")) + "\n");
        try (Tmux tmux = Tmux.start(tmp, 120, 40)) {
            tmux.line("echo BEFORE-WATCH");
            tmux.await(s -> s.stream().anyMatch(l -> l.equals("BEFORE-WATCH")), 5_000);
            String cursorBefore = tmux.format("cursor_flag");
            assertThat(cursorBefore).isEqualTo("1");
            tmux.line("sh " + script);
            List<String> screen = tmux.await(s -> state(s, "ESTABLISHED") == 14 && groupTotal(s, "127.0.0.2:" + twPort) == 5, 40_000);
            String text = Tmux.text(screen);
            assertThat(screen.getFirst()).as(text).contains("tcpdoctor watch", "netns " + ns.name(), "every 1s", "b: by peer", "q: quit");
            assertThat(tmux.format("alternate_on")).isEqualTo("1");
            assertThat(tmux.format("cursor_flag")).as("cursor hidden while drawing").isEqualTo("0");
            // Per-state counts, as states reports them.
            Map<String, Long> expected = statesNow();
            for (var e : expected.entrySet()) {
                if (!e.getKey().equals("total")) {
                    assertThat(state(screen, e.getKey())).as(e.getKey() + " in\n" + text).isEqualTo(e.getValue());
                }
            }
            assertThat(state(screen, "TOTAL")).as(text).isEqualTo(expected.get("total"));
            // Top groups by peer: the clients of each listener, largest first.
            assertThat(groupTotal(screen, "127.0.0.1:" + estPort)).as(text).isEqualTo(7);
            assertThat(groupTotal(screen, "127.0.0.3:" + cwPort)).as(text).isEqualTo(4);
            assertThat(screen).as(text).anyMatch(l -> l.startsWith("TOP BY PEER"));
            // From the second record read on (up to ten times its cost later), new connections are measured: none,
            // so the TIME_WAIT destination is stable. The port section with it: port exhaustion from this
            // namespace's range minus its reserved ports, 200 - 10 = 190 usable. (Awaited, not asserted on the first
            // screen whose counts matched: the port section may come one refresh after the counts.)
            String twDestination = "127\\.0\\.0\\.\\d -> 127\\.0\\.0\\.2:" + twPort + "\\s+5\\s+5\\s+0\\.0\\s+stable";
            String usable = "40000-40199 minus reserved = 190 usable";
            screen = tmux.await(s -> s.stream().anyMatch(l -> l.matches(twDestination))
                    && Tmux.text(s).contains(usable), 15_000);
            text = Tmux.text(screen);
            assertThat(screen).as(text).anyMatch(l -> l.matches(twDestination));
            assertThat(text).contains(usable);
            assertThat(screen).as(text).anyMatch(l -> l.startsWith("FINDINGS"));

            // The population changes: +3 ESTABLISHED pairs and 3 listeners, seen within two refreshes.
            Process more = ns.startJava(Population.class, "3", "0", "0");
            TestNetns.awaitReady(more, 60_000);
            long changed = System.nanoTime();
            screen = tmux.await(s -> state(s, "ESTABLISHED") == 20 && state(s, "LISTEN") == 6, 5_000);
            double latency = (System.nanoTime() - changed) / 1e9;
            assertThat(state(screen, "ESTABLISHED")).as(Tmux.text(screen)).isEqualTo(20);
            assertThat(latency).as("seconds until the screen showed the change").isLessThan(2.5);

            // Resize: the next drawing fits the new width and height.
            tmux.resize(80, 30);
            screen = tmux.await(s -> s.size() == 30 && s.getFirst().endsWith("q: quit") && s.getFirst().length() <= 80
                    && state(s, "ESTABLISHED") == 20, 3_000);
            text = Tmux.text(screen);
            assertThat(screen).as(text).hasSize(30);
            assertThat(screen.getFirst()).as(text).contains("tcpdoctor watch").endsWith("q: quit");
            assertThat(screen.getFirst().length()).as(text).isBetween(70, 80);
            assertThat(screen).as(text).allMatch(l -> l.length() <= 80);

            // b: group by local port: the established listener's port holds its 7 accepted sockets, the CLOSE_WAIT
            // listener's port its 4 FIN_WAIT2 ones. (The second population's listeners, on other addresses, may
            // have drawn the same port numbers, so only these columns are certain.)
            tmux.key("b");
            screen = tmux.await(s -> s.stream().anyMatch(l -> l.startsWith("TOP BY LOCAL-PORT")), 2_000);
            text = Tmux.text(screen);
            assertThat(screen.getFirst()).as(text).contains("b: by local-port");
            assertThat(groupCell(screen, Integer.toString(estPort), "ESTABLISHED")).as(text).isEqualTo(7);
            assertThat(groupCell(screen, Integer.toString(cwPort), "FIN_WAIT2")).as(text).isEqualTo(4);
            tmux.key("b");
            tmux.key("b");
            screen = tmux.await(s -> s.stream().anyMatch(l -> l.startsWith("TOP BY PROCESS")), 2_000);
            text = Tmux.text(screen);
            // The first population's process owns 14 ESTABLISHED, 4 CLOSE_WAIT, 4 FIN_WAIT2 and 3 listeners.
            assertThat(groupTotal(screen, "java/" + populationPid)).as(text).isEqualTo(25);

            // q: back to the shell within a second, main screen and cursor restored.
            tmux.key("q");
            long quit = System.nanoTime();
            screen = tmux.await(s -> s.stream().anyMatch(l -> l.equals("BEFORE-WATCH"))
                    && s.stream().noneMatch(l -> l.contains("tcpdoctor watch  live")), 3_000);
            double quitSeconds = (System.nanoTime() - quit) / 1e9;
            text = Tmux.text(screen);
            assertThat(quitSeconds).as(text).isLessThan(1.0);
            assertThat(tmux.format("alternate_on")).isEqualTo("0");
            assertThat(tmux.format("cursor_flag")).isEqualTo(cursorBefore);
            screen = tmux.await(s -> "bash".equals(tmux.format("pane_current_command")), 2_000);
            assertThat(tmux.format("pane_current_command")).isEqualTo("bash");
            assertThat(screen).as(Tmux.text(screen)).anyMatch(l -> l.contains("sh " + script));

            // Ctrl-C quits the same way.
            tmux.line("clear; echo AGAIN-WATCH; sh " + script);
            screen = tmux.await(s -> state(s, "ESTABLISHED") == 20, 40_000);
            assertThat(tmux.format("alternate_on")).as(Tmux.text(screen)).isEqualTo("1");
            tmux.key("C-c");
            screen = tmux.await(s -> s.stream().anyMatch(l -> l.equals("AGAIN-WATCH"))
                    && s.stream().noneMatch(l -> l.contains("tcpdoctor watch  live")), 3_000);
            text = Tmux.text(screen);
            assertThat(screen).as(text).anyMatch(l -> l.equals("AGAIN-WATCH"));
            assertThat(tmux.format("alternate_on")).isEqualTo("0");
            assertThat(tmux.format("cursor_flag")).isEqualTo(cursorBefore);
        }
    }

    /** The COUNT of a state row ({@code TOTAL} too), or -1 when the row is not on screen. */
    static long state(List<String> screen, String name) {
        for (String l : screen) {
            Matcher m = STATE_ROW.matcher(l);
            if (m.find() && m.group(1).equals(name)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }

    /** One state column of a group row of the top table, found by the table's header; -1 when not on screen. */
    static long groupCell(List<String> screen, String group, String column) {
        List<String> header = null;
        for (String l : screen) {
            String[] f = l.trim().split("\\s+");
            if (f.length > 2 && f[1].equals("TOTAL") && l.startsWith(f[0]) && f[0].equals(f[0].toUpperCase(java.util.Locale.ROOT))) {
                header = List.of(f);
            } else if (header != null && f.length == header.size() && f[0].equals(group) && header.contains(column)) {
                return Long.parseLong(f[header.indexOf(column)]);
            }
        }
        return -1;
    }

    /** The TOTAL of a group row of the top table, or -1 when the group is not on screen. */
    static long groupTotal(List<String> screen, String group) {
        Map<String, Long> rows = new HashMap<>();
        for (String l : screen) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(group) && f[1].matches("\\d+") && !l.contains(" -> ")) {
                rows.put(f[0], Long.parseLong(f[1]));
            }
        }
        return rows.getOrDefault(group, -1L);
    }
}
