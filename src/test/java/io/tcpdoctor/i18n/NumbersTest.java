package io.tcpdoctor.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whole numbers written out by Messages itself read exactly as the JDK's number format writes them. */
class NumbersTest {
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private static List<Long> values() {
        List<Long> vs = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, 99L, 100L, 999L, 1000L, -1000L, 9999L, 10000L,
                65535L, 100000L, 999999L, 1000000L, -123456789L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            vs.add(r.nextLong() >> r.nextInt(64));
        }
        return vs;
    }

    @Test
    void groupedIsTheLocaleNumberFormat() {
        for (Locale l : LOCALES) {
            NumberFormat nf = NumberFormat.getInstance(l);
            for (long v : values()) {
                assertThat(Numbers.grouped(v)).as("%d in %s", v, l).isEqualTo(nf.format(v));
            }
        }
    }

    private static List<Double> doubles() {
        List<Double> ds = new ArrayList<>(List.of(0.0, -0.0, 0.1, 0.5, 1.0, 1.5, 2.5, -2.5, 0.001, -0.001, 0.0005, 0.0015,
                999.9995, 1234.5, 1e11, 999999999999.999, 1e12, 1e15, 1e20, 123456.789, 0.3 * 3, 1.0 / 3, 2.0 / 3,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            double scale = Math.pow(10, r.nextInt(-4, 14));
            double v = (r.nextDouble() - 0.3) * scale;
            ds.add(v);
            ds.add(Math.round(v * 10.0) / 10.0);
            ds.add(Math.round(v * 1000.0) / 1000.0);
        }
        return ds;
    }

    @Test
    void decimalIsTheLocaleNumberFormatOrLeftToIt() {
        int written = 0;
        for (Locale l : LOCALES) {
            NumberFormat nf = NumberFormat.getInstance(l);
            for (double v : doubles()) {
                String s = Numbers.decimal(v);
                if (s != null) {
                    written++;
                    assertThat(s).as("%s in %s", v, l).isEqualTo(nf.format(v));
                }
            }
        }
        // Most one-decimal and three-decimal values are written here, not by the number format.
        assertThat(written).isGreaterThan(2 * 5000);
        assertThat(Numbers.decimal(-0.0)).isNull();
        assertThat(Numbers.decimal(1.0 / 3)).isNull();
        assertThat(Numbers.decimal(Double.NaN)).isNull();
    }

    @Test
    void oneDecimalIsStringFormat() {
        List<Double> ds = doubles();
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            // Halves at the second decimal, where half-up and the binary value disagree.
            ds.add((r.nextInt(-100000, 100000) * 10 + 5) / 100.0);
        }
        ds.addAll(List.of(0.05, 0.15, 0.25, -0.05, -0.04, -0.0, 9.95, 99.95, 1e-9, -1e-9, 1.25e7, 123456789.05,
                0.95, 9.96, -9.96, 999.96, 1e7, 9.9999999e6, 5e-5, 9.5e-4, 0.049999, 0.0999, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MAX_VALUE, 1e22, 4.35e15));
        // Every magnitude, in both the plain and the scientific forms of Double.toString.
        for (int i = 0; i < 5000; i++) {
            double m = r.nextDouble() * (r.nextBoolean() ? 1 : -1);
            ds.add(m * Math.pow(10, r.nextInt(-12, 24)));
        }
        for (double v : ds) {
            assertThat(Numbers.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
    }

    @Test
    void aMessageWithNumbersReadsAsMessageFormatWritesIt() {
        String pattern = "{0} sockets of {1} (''{2}'', {3}, {4}, {5}) {6}";
        for (Locale l : LOCALES) {
            for (long v : values()) {
                Object[] args = {(int) v, v, "x", (short) v, (byte) v, (v % 100000) / 10.0, null};
                assertThat(new MessageFormat(pattern, l).format(Messages.numbersAsText(args)))
                        .as("%d in %s", v, l).isEqualTo(new MessageFormat(pattern, l).format(args));
            }
        }
    }

    @Test
    void realKeysWithNumbersInBothLanguages() {
        for (String lang : List.of("en", "zh")) {
            Messages m = Messages.forLang(lang);
            String key = "lint.summary";
            assertThat(m.has(key)).isTrue();
            Object[] args = {12345, 678L, 0, 1234567, 6.1};
            assertThat(m.get(key, args)).contains("12,345", "1,234,567", "6.1")
                    .isEqualTo(new MessageFormat(m.get(key), m.locale()).format(args));
        }
    }
}
