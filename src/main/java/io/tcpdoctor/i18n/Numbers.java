package io.tcpdoctor.i18n;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers written as the JDK's formatters write them, without their set-up: the first {@code NumberFormat} or
 * {@code String.format} of a run initialises locale data or parses its pattern with regular expressions, 10-20 ms
 * of a short command. Each method gives exactly the JDK's text (tests compare them over many values).
 */
public final class Numbers {
    private Numbers() {
    }

    /**
     * {@code v} as the number format writes it when it is the double nearest to a number of thousandths (so its
     * shortest decimal form has at most three decimals and nothing is rounded); null otherwise.
     */
    public static String decimal(double v) {
        if (!(Math.abs(v) < 1e12) || v == 0 && Double.doubleToRawLongBits(v) != 0) {
            return null;
        }
        double k = Math.rint(v * 1000);
        if (k / 1000 != v) {
            return null;
        }
        long t = Math.abs((long) k);
        long frac = t % 1000;
        String whole = (k < 0 ? "-" : "") + grouped(t / 1000);
        if (frac == 0) {
            return whole;
        }
        String f = Long.toString(1000 + frac).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + f.substring(0, end);
    }

    /** {@code v} with its digits grouped by three: 1234567 -> "1,234,567", -1234 -> "-1,234". */
    public static String grouped(long v) {
        String digits = Long.toString(v);
        int start = v < 0 ? 1 : 0;
        int n = digits.length() - start;
        if (n <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(digits.length() + n / 3);
        int first = n % 3 == 0 ? 3 : n % 3;
        sb.append(digits, 0, start + first);
        for (int i = start + first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    /**
     * {@code v} as {@code String.format(Locale.ROOT, "%.1f", v)} writes it: the shortest decimal form of the double
     * rounded half up to one decimal.
     */
    public static String oneDecimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.format(java.util.Locale.ROOT, "%.1f", v);
        }
        String s = new BigDecimal(Double.toString(v)).setScale(1, RoundingMode.HALF_UP).toPlainString();
        // BigDecimal has no negative zero; the formatter keeps the sign of a negative number rounded to zero.
        return (v < 0 || v == 0 && Double.doubleToRawLongBits(v) != 0) && s.charAt(0) != '-' ? "-" + s : s;
    }
}
