package org.pvsim.guest.workload;

import java.util.Arrays;
import java.util.Locale;

/**
 * A fixed number of latency samples in virtual nanoseconds, kept in an array sized when the workload is created, so
 * recording one allocates nothing; and their summary: mean, 50th and 99th percentiles (nearest rank) and maximum.
 */
final class Latencies {
    private final long[] samples;
    private int n;
    private long sum;
    private long max;

    /** Room for {@code capacity} samples. */
    Latencies(int capacity) {
        this.samples = new long[capacity];
    }

    /** Records one sample; samples past the capacity are ignored. */
    void add(long ns) {
        if (n < samples.length) {
            samples[n++] = ns;
            sum += ns;
            max = Math.max(max, ns);
        }
    }

    /** Samples recorded. */
    int count() {
        return n;
    }

    /** Their mean, ns (0 with none). */
    double meanNs() {
        return n == 0 ? 0 : (double) sum / n;
    }

    /** The largest, ns. */
    long maxNs() {
        return max;
    }

    /** The {@code p}th percentile, nearest rank (the smallest sample with at least p% at or below it), ns. */
    long percentileNs(double p) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n, rank) - 1)];
    }

    /** {@code "mean 1.234 p50 1.200 p99 2.000 max 2.500"}, in microseconds with three decimals. */
    String summaryUs() {
        return String.format(
                Locale.ROOT,
                "mean %.3f p50 %.3f p99 %.3f max %.3f",
                meanNs() / 1000.0,
                percentileNs(50) / 1000.0,
                percentileNs(99) / 1000.0,
                max / 1000.0);
    }
}
