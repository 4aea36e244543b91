package org.pvsim.dom0.report;

import java.util.Comparator;
import java.util.Locale;

/**
 * The fairness table {@code pvsim run} prints: per domain, its weight and cap, the CPU share it obtained and the share
 * its weight entitles it to given what every domain asked for ({@link FairShare}), in % of one pCPU, and its
 * wake-to-run latencies.
 *
 * <pre>
 * Scheduler: credit2
 * Name                ID Weight  Cap    CPU%   Fair%  Wake p50   Wake p99
 * Domain-0             0    256    0    0.01    0.01    3.1us     12.0us
 * </pre>
 */
public final class FairnessTableFormatter {
    private FairnessTableFormatter() {}

    /** The table, one line per domain in id order, each line ending in a newline. */
    public static String format(SchedulingStats s) {
        StringBuilder out = new StringBuilder();
        out.append("Scheduler: ").append(s.scheduler()).append('\n');
        out.append(String.format(
                Locale.ROOT,
                "%-18s %3s %6s %4s %7s %7s %10s %10s%n",
                "Name",
                "ID",
                "Weight",
                "Cap",
                "CPU%",
                "Fair%",
                "Wake p50",
                "Wake p99"));
        s.domains().stream()
                .sorted(Comparator.comparingInt(SchedulingStats.DomainScheduling::id))
                .forEach(d -> out.append(String.format(
                        Locale.ROOT,
                        "%-18s %3d %6s %4s %7.2f %7s %10s %10s%n",
                        d.name(),
                        d.id(),
                        d.weight() < 0 ? "-" : Integer.toString(d.weight()),
                        d.cap() < 0 ? "-" : Integer.toString(d.cap()),
                        d.cpuPercent(),
                        d.fairPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", d.fairPercent()),
                        d.wakeups() == 0 ? "-" : duration(d.latencyP50Ns()),
                        d.wakeups() == 0 ? "-" : duration(d.latencyP99Ns()))));
        return out.toString();
    }

    /** A latency as {@code 850ns}, {@code 12.3us} or {@code 4.56ms}. */
    static String duration(long ns) {
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fus", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
    }
}
