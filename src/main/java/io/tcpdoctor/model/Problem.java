package io.tcpdoctor.model;

/** Something a source could not use, with where it was: a skipped capture line, an unreadable process. */
public record Problem(String file, long line, String message, String text) {
    /** A problem that is not tied to a line. */
    public static Problem of(String message) {
        return new Problem(null, 0, message, null);
    }

    /** {@code file:line: message: text}, leaving out what is unknown. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file).append(':');
        }
        if (line > 0) {
            b.append(file == null ? "line " : "").append(line).append(": ");
        } else if (file != null) {
            b.append(' ');
        }
        b.append(message);
        if (text != null) {
            String t = text.length() > 80 ? text.substring(0, 77) + "..." : text;
            b.append(": ").append(t);
        }
        return b.toString();
    }
}
