package io.tcpdoctor.explain;

import io.tcpdoctor.render.TextWrap;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-column sequence diagram: each row has the left side's state (or nothing), an arrow for the segment on the
 * wire, and the right side's state. Renders to plain ASCII within 80 columns.
 */
public record Diagram(String title, String leftHeader, String rightHeader, List<Row> rows, String note) {

    /** Which column a marker applies to. */
    public enum Side { LEFT, RIGHT }

    /** One step. A state may carry a short note shown after it. */
    public record Row(TcpState left, String leftNote, String arrow, TcpState right, String rightNote) {
        String leftText() {
            return left == null ? (leftNote == null ? "" : "(" + leftNote + ")") : left.name();
        }

        String rightText() {
            String s = right == null ? "" : right.name();
            if (rightNote != null) {
                s = s.isEmpty() ? "(" + rightNote + ")" : s + "  (" + rightNote + ")";
            }
            return s;
        }
    }

    static final int ARROW = 24;
    /** Total width the rendering keeps within. */
    static final int WIDTH = 80;

    /** An arrow from left to right carrying a segment label. */
    static String right(String label) {
        String s = "--- " + label + " ";
        return s + "-".repeat(Math.max(2, ARROW - 2 - TextWrap.width(s))) + ">";
    }

    /** An arrow from right to left. */
    static String left(String label) {
        String s = "<-- " + label + " ";
        return s + "-".repeat(Math.max(2, ARROW - 1 - TextWrap.width(s)));
    }

    /** A left-to-right segment lost on the way. */
    static String lost(String label, String lostWord) {
        return "--- " + label + " -----X  " + lostWord;
    }

    /** The states of one column, top to bottom (for tests and JSON). */
    public List<TcpState> states(Side side) {
        List<TcpState> out = new ArrayList<>();
        for (Row r : rows) {
            TcpState s = side == Side.LEFT ? r.left() : r.right();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The diagram as lines. {@code markSide} (may be null) puts '*' before every state of that column;
     * {@code markState} (may be null) puts '*' before that state wherever it appears.
     */
    public List<String> render(Side markSide, TcpState markState) {
        int lw = 0;
        for (Row r : rows) {
            lw = Math.max(lw, TextWrap.width(r.leftText()) + 1);
        }
        int rightStart = 2 + lw + 2 + ARROW + 2;
        List<String> out = new ArrayList<>();
        out.add(title);
        out.add("");
        String header = "  " + TextWrap.pad(leftHeader, rightStart - 2 - 2) + "  ";
        if (TextWrap.width(header) > rightStart) {
            out.add(("  " + leftHeader).stripTrailing());
            header = " ".repeat(rightStart);
        }
        out.add(header + rightHeader);
        for (Row r : rows) {
            boolean ml = r.left() != null && (markSide == Side.LEFT || r.left() == markState);
            boolean mr = r.right() != null && (markSide == Side.RIGHT || r.right() == markState);
            // Long notes of the right column wrap under it, so every line fits 80 columns.
            List<String> right = r.rightText().isEmpty() ? List.of("") : TextWrap.wrap(r.rightText(), WIDTH - rightStart);
            String line = (ml ? "* " : "  ") + TextWrap.pad(r.leftText(), lw) + "  "
                    + TextWrap.pad(r.arrow() == null ? "" : r.arrow(), ARROW) + (mr ? "* " : "  ") + right.get(0);
            out.add(line.stripTrailing());
            for (int i = 1; i < right.size(); i++) {
                out.add(" ".repeat(rightStart) + "    " + right.get(i));
            }
        }
        return out;
    }
}
