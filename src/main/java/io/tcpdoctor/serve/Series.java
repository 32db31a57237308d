package io.tcpdoctor.serve;

import java.util.List;

/**
 * One labelled value of a family. {@code labels} alternate name and value ({@code "state", "TIME_WAIT"}).
 * A histogram series has {@code buckets} (and {@code value} is its sum); others have none.
 */
public record Series(List<String> labels, double value, Buckets buckets) {

    public Series {
        labels = List.copyOf(labels);
        if (labels.size() % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs: " + labels);
        }
    }

    /** A gauge or counter value. */
    public static Series of(double value, String... labels) {
        return new Series(List.of(labels), value, null);
    }

    /** The value of one label, or null. */
    public String label(String name) {
        for (int i = 0; i < labels.size(); i += 2) {
            if (labels.get(i).equals(name)) {
                return labels.get(i + 1);
            }
        }
        return null;
    }

    /**
     * Classic histogram buckets: {@code upperBounds} ascending and ending in +Inf, {@code counts} per bucket
     * (not cumulative), {@code sum} of the observed values.
     */
    public record Buckets(double[] upperBounds, long[] counts, double sum) {
        /** Number of observations. */
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }
}
