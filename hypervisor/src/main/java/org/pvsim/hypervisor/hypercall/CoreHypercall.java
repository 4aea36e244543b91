package org.pvsim.hypervisor.hypercall;

/**
 * A hypercall served by the hypervisor core: like {@link org.pvsim.hypervisor.spi.HypercallHandler}, but given the
 * core's {@link HypercallFrame}, which also exposes the calling vCPU and domain.
 */
@FunctionalInterface
public interface CoreHypercall {
    /** Serves a call; returns Xen's result, never throws for guest input. */
    long invoke(HypercallFrame frame, long a1, long a2, long a3, long a4, long a5);
}
