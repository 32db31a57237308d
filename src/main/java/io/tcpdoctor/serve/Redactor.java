package io.tcpdoctor.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides process names from metrics, the dashboard and finding texts when asked ({@code --redact-process}):
 * a name becomes {@code process-} and 8 hex digits of its SHA-256, stable across restarts so series continue.
 * A pseudonym, not a secret: a known name can be hashed and compared.
 */
public final class Redactor {
    /** The redactor that changes nothing. */
    public static final Redactor NONE = new Redactor(false);

    private final boolean on;

    private Redactor(boolean on) {
        this.on = on;
    }

    /** A redactor that hides names when {@code on}. */
    public static Redactor of(boolean on) {
        return on ? new Redactor(true) : NONE;
    }

    /** True when names are hidden. */
    public boolean on() {
        return on;
    }

    /** The name to show for a process name. */
    public String name(String processName) {
        if (!on || processName == null) {
            return processName;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(processName.getBytes(StandardCharsets.UTF_8));
            return "process-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A text with every whole-word occurrence of the given process names replaced. */
    public String text(String text, Iterable<String> processNames) {
        if (!on || text == null) {
            return text;
        }
        String out = text;
        for (String n : processNames) {
            if (n != null && !n.isEmpty()) {
                out = Pattern.compile("(?<![\\w.-])" + Pattern.quote(n) + "(?![\\w.-])").matcher(out)
                        .replaceAll(Matcher.quoteReplacement(name(n)));
            }
        }
        return out;
    }
}
