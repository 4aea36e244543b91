package org.pvsim.dom0.report;

/**
 * Host-level figures at the end of a run ({@code xl info}'s {@code nr_cpus}, {@code total_memory},
 * {@code free_memory}).
 *
 * @param pcpus physical CPUs
 * @param memoryKib total RAM in KiB
 * @param freeMemoryKib RAM owned by no domain (and not by Xen) in KiB
 */
public record HostStats(int pcpus, long memoryKib, long freeMemoryKib) {}
