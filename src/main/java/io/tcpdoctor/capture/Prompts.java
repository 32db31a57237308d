package io.tcpdoctor.capture;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Shell prompts and command lines inside a paste ({@code [root@web01 ~]# netstat -antp},
 * {@code $ ss -tan | head}, {@code PS C:\> Get-NetTCPConnection}, {@code C:\>netstat -ano}). They are not
 * data; a new command also means the output that follows may be in another format.
 */
final class Prompts {
    private Prompts() {
    }

    private static final String COMMANDS = "(?:sudo\\s+)?(?:netstat|ss|cat|awk|mawk|gawk|ipvsadm|Get-NetTCPConnection|"
            + "grep|egrep|sort|uniq|wc|zcat|less|more|head|tail|watch|lsof|nsenter|ip|docker|kubectl|type|findstr)\\b";

    /** Prompts that cannot be data: user@host forms, PowerShell and cmd.exe; any command may follow them. */
    private static final Pattern SHELL_PROMPT = Pattern.compile(
            "^\\s*(?:\\[[^\\]\\s]{1,60}@[^\\]]{1,80}\\]\\s?[#$%]|[\\w.-]{1,40}@[\\w.-]{1,60}:[^\\s#$%]{0,120}\\s?[#$%]"
                    + "|PS [A-Za-z]:\\\\[^>]{0,120}>|[A-Za-z]:\\\\[^>]{0,120}>)(?:\\s.*|\\S.*)?$");

    /** A bare {@code $}, {@code #} or {@code >} prompt: only with a known command, as data may start with these. */
    private static final Pattern PROMPT = Pattern.compile("^\\s*[\\w.~/-]{0,40}[#$%>]\\s*(" + COMMANDS + ".*)?$");

    private static final Pattern BARE = Pattern.compile("^\\s*" + COMMANDS + "(?:\\s+-{1,2}\\w.*|\\s+/\\S*.*|\\s*\\|.*|\\s+\\w+\\s*\\|.*)?$");

    private static final Set<String> COMMAND_WORDS = Set.of("sudo", "netstat", "ss", "cat", "awk", "mawk", "gawk", "ipvsadm",
            "Get-NetTCPConnection", "grep", "egrep", "sort", "uniq", "wc", "zcat", "less", "more", "head", "tail", "watch",
            "lsof", "nsenter", "ip", "docker", "kubectl", "type", "findstr");

    /** True for a prompt line, with or without a command after it, or a bare command line. */
    static boolean isPromptOrCommand(String line) {
        if (line.length() > 400) {
            return false;
        }
        // Cheap tests first: this runs on every line of a capture, and nearly every line is data.
        boolean promptChar = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#' || c == '$' || c == '%' || c == '>') {
                promptChar = true;
                break;
            }
        }
        if (promptChar && (SHELL_PROMPT.matcher(line).matches() || PROMPT.matcher(line).matches())) {
            return true;
        }
        int start = 0;
        while (start < line.length() && Fields.isBlank(line.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < line.length() && !Fields.isBlank(line.charAt(end)) && line.charAt(end) != '|') {
            end++;
        }
        return COMMAND_WORDS.contains(line.substring(start, end)) && BARE.matcher(line).matches();
    }
}
