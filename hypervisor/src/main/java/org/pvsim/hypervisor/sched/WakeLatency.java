package org.pvsim.hypervisor.sched;

import org.HdrHistogram.Histogram;

/**
 * One domain's wake-to-run latencies: for every time one of its vCPUs woke (became runnable after being blocked or
 * offline), the virtual time until it next started running. Kept in an HdrHistogram with three significant digits up
 * to 60 virtual seconds, so recording allocates nothing.
 */
public final class WakeLatency {
    /** The largest latency recorded exactly; larger ones are clamped to it. */
    public static final long MAX_TRACKABLE_NS = 60_000_000_000L;

    private final Histogram histogram = new Histogram(MAX_TRACKABLE_NS, 3);

    /** Records one wake-to-run latency of {@code ns}. */
    public void record(long ns) {
        histogram.recordValue(Math.min(Math.max(ns, 0), MAX_TRACKABLE_NS));
    }

    /** Latencies recorded. */
    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0-100) in ns, 0 if none was recorded. */
    public long percentile(double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    /** The largest latency recorded, in ns. */
    public long max() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
    }

    /** The mean latency, in ns. */
    public double mean() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMean();
    }
}
