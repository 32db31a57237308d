package io.tcpdoctor.render;

import io.tcpdoctor.capacity.Capacity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small plain-ASCII chart (fits 80 columns, no colour) of the ports one destination holds over time, from a
 * standing start, against the port limit. Points above the limit are drawn as '#': connect() fails there.
 */
public final class CapacityChart {
    private CapacityChart() {
    }

    static final int COLS = 60;
    static final int ROWS = 10;

    /** The time span the chart covers: until well after the steady state is reached. */
    public static double horizon(Capacity.Result r) {
        return Math.max(90, r.in().timeWait() * 1.5);
    }

    /** The chart lines; {@code yLabel} and {@code xLabel} describe the axes. */
    public static List<String> render(Capacity.Result r, String yLabel, String xLabel, String limitLabel) {
        double limit = r.in().ports();
        double horizon = horizon(r);
        double[] v = new double[COLS];
        double max = limit;
        for (int c = 0; c < COLS; c++) {
            v[c] = Capacity.portsAt(r, horizon * (c + 1) / COLS);
            max = Math.max(max, v[c]);
        }
        max *= 1.1;
        int limitRow = (int) Math.round(limit / max * ROWS);
        List<String> out = new ArrayList<>();
        out.addAll(TextWrap.wrap(yLabel, 79));
        for (int row = ROWS; row >= 1; row--) {
            double lo = max * (row - 1) / ROWS;
            double hi = max * row / ROWS;
            StringBuilder b = new StringBuilder();
            String label = row == ROWS || row == limitRow || row == 1 ? compact(row == limitRow ? limit : max * row / ROWS) : "";
            b.append(String.format(Locale.ROOT, "%8s |", label));
            for (int c = 0; c < COLS; c++) {
                char ch = ' ';
                // A curve, one mark per column in the row that holds its value.
                if (v[c] > lo && v[c] <= hi || (row == 1 && v[c] <= lo)) {
                    ch = v[c] > limit ? '#' : '*';
                } else if (row == limitRow) {
                    ch = '-';
                }
                b.append(ch);
            }
            out.add(b.toString().stripTrailing());
        }
        out.add(String.format(Locale.ROOT, "%8s +%s", "0", "-".repeat(COLS)));
        String left = "0 s";
        String mid = compact(horizon / 2) + " s";
        String right = compact(horizon) + " s";
        StringBuilder axis = new StringBuilder(" ".repeat(10 + COLS + 4));
        axis.replace(10, 10 + left.length(), left);
        int m = 10 + COLS / 2 - mid.length() / 2;
        axis.replace(m, m + mid.length(), mid);
        int rr = 10 + COLS - right.length();
        axis.replace(rr, rr + right.length(), right);
        out.add(axis.toString().stripTrailing());
        out.add(" ".repeat(10) + xLabel);
        out.add(" ".repeat(10) + "---- " + limitLabel);
        return out;
    }

    /** 28232 -> 28.2k, 1500000 -> 1.5M. */
    static String compact(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
