package org.pvsim.dom0.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One domain at the end of a run: what {@code xl list} shows, per-vCPU runstate times, and how many hypercalls of
 * each kind it made.
 *
 * @param id the domain id (0 for dom0)
 * @param name the domain's name ({@code Domain-0} for dom0)
 * @param state the xl state flags and shutdown reason
 * @param cpuNs CPU time used by all its vCPUs, in virtual ns
 * @param memoryKib memory it holds now (tot_pages) in KiB
 * @param maxMemoryKib its memory limit (max_pages) in KiB
 * @param vcpusOnline vCPUs online now
 * @param vcpus runstate times per vCPU, by vCPU id
 * @param hypercalls hypercall counts by Xen's name without the {@code __HYPERVISOR_} prefix (e.g. {@code mmu_update});
 *     copied into an unmodifiable map iterated in name order
 */
public record DomainStats(
        int id,
        String name,
        XlDomainState state,
        long cpuNs,
        long memoryKib,
        long maxMemoryKib,
        int vcpusOnline,
        List<VcpuStats> vcpus,
        Map<String, Long> hypercalls) {

    /** Checks mandatory components and copies the collections (unmodifiable; hypercalls sorted by name). */
    public DomainStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        vcpus = List.copyOf(vcpus);
        hypercalls = Collections.unmodifiableSortedMap(new TreeMap<>(hypercalls));
    }

    /** The total number of hypercalls the domain made. */
    public long totalHypercalls() {
        return hypercalls.values().stream().mapToLong(Long::longValue).sum();
    }
}
