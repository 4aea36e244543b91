package org.pvsim.hypervisor.spi;

/**
 * The kicks waiting for each pCPU: the event-channel subsystem publishes one when it marks events pending for a vCPU
 * that is running ({@code vcpu_kick}), and each pCPU consumes its own at every scheduling point, before it runs guest
 * code. A kick only says "look at your vCPU's {@code evtchn_upcall_pending}": the pending bits in guest memory are the
 * truth, so a kick lost or late cannot lose an event.
 */
@FunctionalInterface
public interface PcpuKicks {
    /** Consumes every kick waiting for {@code pcpu}; returns how many there were. Allocates nothing. */
    int drain(int pcpu);

    /** The answer of a host without event channels: no kicks, ever. */
    PcpuKicks NONE = pcpu -> 0;
}
