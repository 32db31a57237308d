package io.tcpdoctor.render;

import java.io.PrintWriter;

/** RFC 4180 CSV rows. */
public final class Csv {
    private Csv() {
    }

    /** Writes one row, quoting cells that need it; nulls become empty cells. */
    public static void row(PrintWriter out, Object... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            if (cells[i] != null) {
                String s = cells[i] instanceof Number ? cells[i].toString() : neutralise(cells[i].toString());
                if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                    b.append('"').append(s.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(s);
                }
            }
        }
        out.println(b);
    }

    /**
     * A cell a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, or a leading tab or
     * CR) gets a leading {@code '}; a plain number such as {@code -1} or {@code +3.5} stays a number.
     */
    public static String neutralise(String s) {
        if (s.isEmpty() || s.equals("-")) {
            return s;
        }
        char c = s.charAt(0);
        if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') {
            return s;
        }
        return PLAIN_NUMBER.matcher(s).matches() ? s : "'" + s;
    }

    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
}
