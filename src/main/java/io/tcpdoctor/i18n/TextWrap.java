package io.tcpdoctor.i18n;

import java.util.ArrayList;
import java.util.List;

/** Wraps text to a terminal width, counting CJK characters as two columns and breaking between them. */
public final class TextWrap {
    private TextWrap() {
    }

    /** Full-width punctuation that must not start a line. */
    private static final String CLOSING = "，。、；：！？）》」』】”’";
    /** Full-width punctuation that must not end a line. */
    private static final String OPENING = "（《「『【“‘";

    /** Display width of one character: 2 for East Asian wide characters, else 1. */
    public static int width(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) ? 2 : 1;
    }

    /** Display width of a string. */
    public static int width(String s) {
        // A plain loop: a stream pipeline costs a short command milliseconds before the compiler has caught up.
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += width(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Pads to a display width. */
    public static String pad(String s, int w) {
        int n = width(s);
        return n >= w ? s : s + " ".repeat(w - n);
    }

    /** Splits text into lines of at most {@code max} columns (a single long word may exceed it). */
    public static List<String> wrap(String text, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int lineW = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            // A token is a run of narrow non-space characters, or a single wide character (breakable anywhere).
            int end = i + Character.charCount(cp);
            if (width(cp) == 1 && cp != ' ') {
                while (end < text.length()) {
                    int c = text.codePointAt(end);
                    if (c == ' ' || width(c) == 2) {
                        break;
                    }
                    end += Character.charCount(c);
                }
            }
            // Opening brackets stay with what follows them.
            if (OPENING.indexOf(cp) >= 0 && end < text.length()) {
                int next = text.codePointAt(end);
                end += Character.charCount(next);
                while (width(next) == 1 && next != ' ' && end < text.length()) {
                    int c = text.codePointAt(end);
                    if (c == ' ' || width(c) == 2) {
                        break;
                    }
                    end += Character.charCount(c);
                }
            }
            // Closing punctuation never starts a line: it travels with the token before it.
            while (end < text.length() && CLOSING.indexOf(text.codePointAt(end)) >= 0) {
                end += Character.charCount(text.codePointAt(end));
            }
            String token = text.substring(i, end);
            i = end;
            if (token.equals(" ")) {
                if (lineW > 0 && lineW < max) {
                    line.append(' ');
                    lineW++;
                }
                continue;
            }
            int w = width(token);
            if (lineW > 0 && lineW + w > max) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                lineW = 0;
            }
            line.append(token);
            lineW += w;
        }
        if (lineW > 0) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
