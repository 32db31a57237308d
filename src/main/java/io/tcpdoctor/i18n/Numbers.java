package io.tcpdoctor.i18n;

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
        // Not "+": the trainings meet no fraction here, and a concatenation of a shape not met is generated at run time.
        return new StringBuilder(whole.length() + 1 + end).append(whole).append('.').append(f, 0, end).toString();
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
     * rounded half up to one decimal. Worked out on the digits of {@link Double#toString}, not with a BigDecimal, whose
     * class initialisation alone takes about 20 ms of a short command on JDK 25 (it squares a number of thousands of
     * digits).
     */
    public static String oneDecimal(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        // The formatter keeps the sign of a negative number rounded to zero, and of negative zero.
        boolean negative = v < 0 || v == 0 && Double.doubleToRawLongBits(v) != 0;
        String t = Double.toString(Math.abs(v));
        // t is "D.D" or "D.DE[-]N" with at least one digit on each side of the point.
        int e = t.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(t, e + 1, t.length(), 10);
        int end = e < 0 ? t.length() : e;
        int dot = t.indexOf('.');
        StringBuilder digits = new StringBuilder(end + 24).append(t, 0, dot).append(t, dot + 1, end);
        int point = dot + exponent; // digits before the decimal point
        if (point < 1) {
            digits.insert(0, "0".repeat(1 - point));
            point = 1;
        }
        // One decimal kept and one to round by.
        while (digits.length() < point + 2) {
            digits.append('0');
        }
        boolean up = digits.charAt(point + 1) >= '5';
        digits.setLength(point + 1);
        for (int i = point; up && i >= 0; i--) {
            char c = digits.charAt(i);
            up = c == '9';
            digits.setCharAt(i, up ? '0' : (char) (c + 1));
        }
        if (up) {
            digits.insert(0, '1');
            point++;
        }
        int lead = 0;
        while (lead < point - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        StringBuilder out = new StringBuilder(digits.length() + 2);
        if (negative) {
            out.append('-');
        }
        return out.append(digits, lead, point).append('.').append(digits.charAt(point)).toString();
    }
}
