package io.tcpdoctor.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One man page (troff, section 1) written from a command's picocli model: the same texts as {@code --help},
 * so the two cannot drift apart. Emits plain man(7) macros and escapes everything else (backslashes, leading
 * dots, non-ASCII), so {@code groff -ww} has nothing to warn about.
 */
record ManPage(String fileName, String troff) {
    /** The page of the top command, then one per documented command, in help order. */
    static List<ManPage> all() {
        CommandLine top = CommandModel.full();
        String version = BuildInfo.recorded().version();
        List<CommandSpec> commands = new ArrayList<>();
        for (CommandLine sub : top.getSubcommands().values()) {
            if (CommandModel.documented(sub.getCommandSpec())) {
                commands.add(sub.getCommandSpec());
            }
        }
        List<ManPage> pages = new ArrayList<>();
        pages.add(new ManPage("tcpdoctor.1", render(top.getCommandSpec(), commands, version)));
        for (CommandSpec c : commands) {
            pages.add(new ManPage(pageName(c) + ".1", render(c, commands, version)));
        }
        return pages;
    }

    /** {@code tcpdoctor} or {@code tcpdoctor-states}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static String render(CommandSpec spec, List<CommandSpec> commands, String version) {
        boolean isTop = spec.parent() == null;
        String name = pageName(spec);
        StringBuilder b = new StringBuilder();
        b.append(".\\\" Generated from the tcpdoctor command model (tcpdoctor generate-man); do not edit.\n");
        b.append(".TH \"").append(esc(name.toUpperCase(java.util.Locale.ROOT))).append("\" \"1\" \"\" \"tcpdoctor ")
                .append(esc(version)).append("\" \"tcpdoctor manual\"\n");
        // No hyphenation and a ragged right margin: option values and state names stay whole, as typed.
        b.append(".nh\n.ad l\n");
        String[] description = spec.usageMessage().description();
        b.append(".SH NAME\n").append(esc(name)).append(" \\- ").append(esc(firstSentence(description))).append('\n');

        b.append(".SH SYNOPSIS\n.B ").append(esc(spec.qualifiedName(" "))).append('\n');
        if (!spec.options().isEmpty()) {
            b.append("[\\fIOPTIONS\\fR]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                boolean optional = p.arity().min() == 0;
                b.append(optional ? "[" : "").append("\\fI").append(esc(p.paramLabel())).append("\\fR")
                        .append(optional ? "]" : "").append('\n');
            }
        }
        if (isTop) {
            b.append("\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        }

        b.append(".SH DESCRIPTION\n");
        for (String d : description) {
            b.append(".PP\n").append(esc(d)).append('\n');
        }

        if (isTop) {
            b.append(".SH COMMANDS\n");
            for (CommandSpec c : commands) {
                b.append(".TP\n\\fB").append(esc(pageName(c))).append("\\fR(1)\n")
                        .append(esc(firstSentence(c.usageMessage().description()))).append(".\n");
            }
        }

        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                b.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
                        .append(esc(String.join(" ", p.renderedDescription()))).append('\n');
            }
        }

        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                b.append(".TP\n");
                String[] names = o.names();
                for (int i = 0; i < names.length; i++) {
                    b.append(i > 0 ? ", " : "").append("\\fB").append(esc(names[i])).append("\\fR");
                }
                if (o.typeInfo().isBoolean() && o.arity().max() == 0) {
                    b.append('\n');
                } else {
                    b.append(" \\fI").append(esc(o.paramLabel())).append("\\fR\n");
                }
                b.append(esc(String.join(" ", o.renderedDescription()))).append('\n');
            }
        }

        footer(b, spec.usageMessage().footer());
        if (isTop) {
            b.append(".SH ENVIRONMENT\n");
            b.append(".TP\n.B TCPDOCTOR_JAVA_OPTS\n").append(esc("Extra options for the Java runtime, e.g. -Xmx2g.")).append('\n');
            b.append(".TP\n.B LANG\n").append(esc("Chooses the language of explanations (en or zh) when --lang is not given."))
                    .append('\n');
        }

        b.append(".SH SEE ALSO\n");
        List<String> refs = new ArrayList<>();
        if (!isTop) {
            refs.add("tcpdoctor");
        }
        for (CommandSpec c : commands) {
            if (c != spec) {
                refs.add(pageName(c));
            }
        }
        refs.add("ss");
        refs.add("netstat");
        for (int i = 0; i < refs.size(); i++) {
            b.append("\\fB").append(esc(refs.get(i))).append("\\fR(").append(refs.get(i).startsWith("tcpdoctor") ? "1" : "8")
                    .append(')').append(i < refs.size() - 1 ? "," : "").append('\n');
        }
        return b.toString();
    }

    /** The footer: a line ending in ':' starts a section, indented lines are examples, others paragraphs. */
    private static void footer(StringBuilder b, String[] footer) {
        boolean inSection = false;
        boolean inExample = false;
        for (String line : footer) {
            boolean example = line.startsWith("  ");
            if (inExample && !example) {
                b.append(".fi\n.RE\n");
                inExample = false;
            }
            if (line.isBlank()) {
                continue;
            }
            if (example) {
                if (!inSection) {
                    b.append(".SH EXAMPLES\n");
                    inSection = true;
                }
                if (!inExample) {
                    b.append(".PP\n.RS 4\n.nf\n");
                    inExample = true;
                }
                b.append(esc(line.substring(2))).append('\n');
            } else if (line.endsWith(":") && line.length() < 40) {
                b.append(".SH ").append(esc(line.substring(0, line.length() - 1).toUpperCase(java.util.Locale.ROOT))).append('\n');
                inSection = true;
            } else {
                if (!inSection) {
                    b.append(".SH NOTES\n");
                    inSection = true;
                }
                b.append(".PP\n").append(esc(line)).append('\n');
            }
        }
        if (inExample) {
            b.append(".fi\n.RE\n");
        }
    }

    private static String firstSentence(String[] description) {
        String d = description.length == 0 ? "" : description[0];
        int dot = d.indexOf(". ");
        String s = dot > 0 ? d.substring(0, dot) : d;
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Escapes text for troff: backslash, minus signs (so they copy as ASCII), leading control characters, non-ASCII. */
    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                b.append("\\e");
            } else if (c == '-') {
                b.append("\\-");
            } else if (c == '\n') {
                b.append(' ');
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\[u%04X]", c));
            } else {
                b.append((char) c);
            }
        });
        if (!b.isEmpty() && (b.charAt(0) == '.' || b.charAt(0) == '\'')) {
            b.insert(0, "\\&");
        }
        return b.toString();
    }
}
