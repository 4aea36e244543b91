package org.pvsim.hypervisor.exec;

/**
 * The CPU time guest execution costs in virtual time, beyond what the guest spends in {@code compute}: each
 * hypercall's entry and exit, and a floor per step so that a guest cannot stop time by doing nothing.
 *
 * @param hypercallNs the cost of entering and leaving the hypervisor once (a {@code syscall} round trip and the
 *     dispatch), added to every hypercall on top of its own work
 * @param minStepNs the least CPU time one step of guest code takes
 */
public record ExecutionCosts(long hypercallNs, long minStepNs) {
    /** pvsim's defaults: 150 ns per hypercall, 100 ns per step. */
    public static final ExecutionCosts DEFAULT = new ExecutionCosts(150, 100);

    public ExecutionCosts {
        if (hypercallNs < 0 || minStepNs <= 0) {
            throw new IllegalArgumentException(
                    "hypercall cost must be >= 0 and step floor > 0, not " + hypercallNs + "/" + minStepNs);
        }
    }
}
