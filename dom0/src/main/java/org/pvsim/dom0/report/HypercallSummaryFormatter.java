package org.pvsim.dom0.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints how many hypercalls of each kind every domain made: one row per (domain, hypercall), domains in id order and
 * hypercalls in name order, and a row with {@code -} and 0 for a domain that made none.
 *
 * <pre>
 * Name                                        ID  Hypercall                     Count
 * Domain-0                                     0  console_io                        3
 * </pre>
 */
public final class HypercallSummaryFormatter {

    private static final String ROW = "%-40s %5s  %-24s %10s";

    /** The header line, without a line end. */
    public static final String HEADER = String.format(Locale.ROOT, ROW, "Name", "ID", "Hypercall", "Count");

    private HypercallSummaryFormatter() {}

    /** The header and the rows, each ending with a newline. */
    public static String format(List<DomainStats> domains) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        domains.stream().sorted(Comparator.comparingInt(DomainStats::id)).forEach(d -> {
            if (d.hypercalls().isEmpty()) {
                out.append(row(d, "-", 0)).append('\n');
            }
            for (Map.Entry<String, Long> count : d.hypercalls().entrySet()) {
                out.append(row(d, count.getKey(), count.getValue())).append('\n');
            }
        });
        return out.toString();
    }

    private static String row(DomainStats domain, String hypercall, long count) {
        return String.format(Locale.ROOT, ROW, domain.name(), domain.id(), hypercall, count);
    }
}
