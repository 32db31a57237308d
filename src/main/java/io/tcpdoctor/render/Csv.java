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
                String s = cells[i].toString();
                if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                    b.append('"').append(s.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(s);
                }
            }
        }
        out.println(b);
    }
}
