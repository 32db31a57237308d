package io.tcpdoctor.cli;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * A fast path for the everyday command lines of {@code states} and {@code list}: it fills the same option
 * objects picocli would, without building picocli's model (which costs more start-up time than reading the
 * sockets). Anything it does not fully understand (help, a typo, an option it does not know) returns null,
 * and picocli parses the line instead, with its complete validation and messages. A test proves that both
 * parsers agree on every option this class accepts.
 */
public final class QuickArgs {
    private QuickArgs() {
    }

    /** An option with a value: applies it to the command, false when the value must go to picocli. */
    private static final Map<String, BiPredicate<BaseCommand, String>> VALUED = Map.ofEntries(
            Map.entry("--state", (c, v) -> filters(c).states.add(v)),
            Map.entry("--sport", (c, v) -> filters(c).sports.add(v)),
            Map.entry("--dport", (c, v) -> filters(c).dports.add(v)),
            Map.entry("--port", (c, v) -> filters(c).ports.add(v)),
            Map.entry("--src", (c, v) -> filters(c).srcs.add(v)),
            Map.entry("--dst", (c, v) -> filters(c).dsts.add(v)),
            Map.entry("--pid", (c, v) -> isInt(v) && filters(c).pids.add(Integer.parseInt(v.trim()))),
            Map.entry("--process", (c, v) -> filters(c).processes.add(v)),
            Map.entry("--format", (c, v) -> set(() -> c.output.format = v)),
            Map.entry("-o", (c, v) -> set(() -> c.output.format = v)),
            Map.entry("--source", (c, v) -> set(() -> source(c).source = v)),
            Map.entry("--netns", (c, v) -> set(() -> source(c).netns = v)),
            Map.entry("--input", (c, v) -> set(() -> source(c).input = v)),
            Map.entry("-i", (c, v) -> set(() -> source(c).input = v)),
            Map.entry("--input-format", (c, v) -> set(() -> source(c).inputFormat = v)),
            Map.entry("-N", (c, v) -> set(() -> source(c).netns = v)),
            Map.entry("--by", (c, v) -> c instanceof StatesCommand s && set(() -> s.by = v)),
            Map.entry("--top", (c, v) -> c instanceof StatesCommand s && isInt(v) && set(() -> s.top = Integer.parseInt(v.trim()))));

    /** Options that take one value, by the field they set: giving one twice is a usage error. */
    private static final Map<String, String> SINGLE = Map.of("--format", "format", "-o", "format", "--source", "source",
            "--netns", "netns", "-N", "netns", "--input", "input", "-i", "input", "--input-format", "input-format",
            "--by", "by", "--top", "top");

    /** A flag: applies it to the command, false when this command does not have it. */
    private static final Map<String, java.util.function.Predicate<BaseCommand>> FLAGS = Map.of(
            "-4", c -> set(() -> filters(c).only4 = true),
            "--ipv4", c -> set(() -> filters(c).only4 = true),
            "-6", c -> set(() -> filters(c).only6 = true),
            "--ipv6", c -> set(() -> filters(c).only6 = true),
            "-p", c -> c instanceof ListCommand l && set(() -> l.processes = true),
            "--processes", c -> c instanceof ListCommand l && set(() -> l.processes = true),
            "--strict", c -> set(() -> source(c).strict = true),
            "--debug", c -> true);

    /** The command ready to run, or null when picocli must parse this line. */
    public static BaseCommand parse(String[] args) {
        if (args.length == 0) {
            return null;
        }
        BaseCommand cmd = switch (args[0]) {
            case "states" -> new StatesCommand();
            case "list" -> new ListCommand();
            default -> null;
        };
        if (cmd == null) {
            return null;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            var flag = FLAGS.get(a);
            if (flag != null) {
                if (!flag.test(cmd)) {
                    return null;
                }
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            var opt = VALUED.get(name);
            if (opt == null || SINGLE.containsKey(name) && !seen.add(SINGLE.get(name))) {
                // Unknown, or a single-valued option given twice: picocli reports it ("should be specified only once").
                return null;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return null;
                }
                value = args[++i];
            }
            if (!opt.test(cmd, value)) {
                return null;
            }
        }
        return cmd;
    }

    private static FilterOptions filters(BaseCommand c) {
        return c instanceof StatesCommand s ? s.filters : ((ListCommand) c).filters;
    }

    private static SourceOptions source(BaseCommand c) {
        return c instanceof StatesCommand s ? s.source : ((ListCommand) c).source;
    }

    private static boolean set(Runnable r) {
        r.run();
        return true;
    }

    private static boolean isInt(String v) {
        try {
            Integer.parseInt(v.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
