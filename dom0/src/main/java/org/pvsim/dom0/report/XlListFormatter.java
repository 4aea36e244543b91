package org.pvsim.dom0.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Prints domains exactly as {@code xl list} does ({@code list_domains} in {@code tools/xl/xl_info.c}):
 *
 * <pre>
 * Name                                        ID   Mem VCPUs\tState\tTime(s)
 * printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f\n", name, id, mem_mib, vcpus_online, state..., cpu_s)
 * </pre>
 *
 * Mem is KiB / 1024 rounded down; Time(s) is {@code (float) cpu_ns / 1e9} rounded to one decimal as C's printf rounds
 * (the exact binary value, ties to even); names longer than 40 characters are not cut, as in xl. Rows are in domain-id
 * order.
 */
public final class XlListFormatter {

    /** The header line, tabs included, without a line end. */
    public static final String HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)";

    private XlListFormatter() {}

    /** The header and one row per domain, each ending with a newline. */
    public static String format(List<DomainStats> domains) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        domains.stream()
                .sorted(Comparator.comparingInt(DomainStats::id))
                .forEach(d -> out.append(row(d)).append('\n'));
        return out.toString();
    }

    /** One domain's row, without a line end. */
    public static String row(DomainStats domain) {
        return String.format(
                Locale.ROOT,
                "%-40s %5d %5d %5d     %s  %8s",
                domain.name(),
                domain.id(),
                domain.memoryKib() / 1024,
                domain.vcpusOnline(),
                domain.state().letters(),
                cpuSeconds(domain.cpuNs()));
    }

    /** {@code printf("%.1f", (float) cpuNs / 1e9)}. */
    static String cpuSeconds(long cpuNs) {
        double seconds = (float) cpuNs / 1e9;
        return new BigDecimal(seconds).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
