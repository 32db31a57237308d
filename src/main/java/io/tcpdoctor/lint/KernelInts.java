package io.tcpdoctor.lint;

import java.util.Arrays;

/**
 * How the kernel reads an integer sysctl value written to /proc/sys (proc_dointvec and friends in kernel/sysctl.c):
 * leading spaces skipped, an optional '-', then a number in C notation (0x hex, a leading 0 octal, else decimal)
 * that must end in white space or the end of the text; the values the knob expects are read in order and whatever
 * follows the last one is ignored. procps {@code sysctl -p} and systemd-sysctl pass the text after '=' unchanged
 * (checked with strace: "31 # c" is written as is), so an end-of-line comment works after the last number only.
 */
public final class KernelInts {
    private KernelInts() {
    }

    /**
     * The outcome of reading up to {@code slots} numbers.
     *
     * @param values the numbers read (fewer than slots when the text ends early)
     * @param badToken the text the kernel rejects (EINVAL), or null when it accepts the value
     * @param rest text after the last expected number, which the kernel ignores ("" when none)
     * @param octalToken a number written with a leading 0 (read as octal), or null
     */
    public record Result(long[] values, String badToken, String rest, String octalToken) {
        /** True when the kernel accepts the text. */
        public boolean accepted() {
            return badToken == null && values.length > 0;
        }
    }

    /** Reads the value as the kernel does for a knob with {@code slots} integers. */
    public static Result parse(String text, int slots) {
        long[] out = new long[slots];
        int n = 0;
        int i = 0;
        int len = text.length();
        String octal = null;
        while (n < slots) {
            while (i < len && isSpace(text.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int start = i;
            while (i < len && !isSpace(text.charAt(i))) {
                i++;
            }
            String token = text.substring(start, i);
            Long v = number(token);
            if (v == null) {
                return new Result(Arrays.copyOf(out, n), token, "", octal);
            }
            if (token.replaceFirst("^-", "").matches("0[0-7]+")) {
                octal = token;
            }
            out[n++] = v;
        }
        return new Result(Arrays.copyOf(out, n), null, text.substring(Math.min(i, len)).strip(), octal);
    }

    /** A C-notation integer (strtoul base 0 with an optional '-'), or null. */
    static Long number(String token) {
        String t = token;
        boolean neg = t.startsWith("-");
        if (neg) {
            t = t.substring(1);
        }
        try {
            long v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = Long.parseLong(t.substring(2), 16);
            } else if (t.length() > 1 && t.startsWith("0")) {
                v = Long.parseLong(t.substring(1), 8);
            } else {
                if (t.isEmpty() || !Character.isDigit(t.charAt(0))) {
                    return null;
                }
                v = Long.parseLong(t);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The kernel's isspace(): space, \t, \n, \v, \f, \r. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
