package org.pvsim.hypervisor.spi;

/**
 * Where the hypervisor sends virtual interrupts: the one place event channels plug into to receive them. Xen has two
 * entry points, {@code send_guest_vcpu_virq} for the per-vCPU VIRQs ({@code VIRQ_TIMER}, {@code VIRQ_DEBUG}, {@code
 * VIRQ_XENOPROF}, {@code VIRQ_XENPMU}: {@code get_virq_type} {@code VIRQ_VCPU}) and {@code send_guest_global_virq}
 * for the rest, which are bound on vCPU 0; pvsim folds both into {@link #raise}, and the sink tells them apart by the
 * VIRQ number, as Xen's {@code get_virq_type} does.
 *
 * <p>The event-channel subsystem installs a sink that sets the bound port pending (and wakes the vCPU if that raises
 * an upcall). Until it exists, the hypervisor's own sink ({@code lifecycle.NoEvtchnVirqSink}) records each VIRQ in
 * the journal and wakes a blocked vCPU for a per-vCPU VIRQ, as if the VIRQ were bound to an unmasked port.
 *
 * <p>A sink is called while an input is being applied (a hypercall, a timer expiry, a scheduling decision): it may
 * report journal outputs, and must allocate nothing, since timers call it on their hot path.
 */
@FunctionalInterface
public interface VirqSink {
    /**
     * Raises {@code virq} ({@code org.pvsim.hypervisor.abi.Virq}) for domain {@code domid}: for a per-vCPU VIRQ, on
     * vCPU {@code vcpuId}; for a global or per-domain one, {@code vcpuId} is 0 and the VIRQ goes wherever its port is
     * bound.
     */
    void raise(int domid, int vcpuId, int virq, long now);
}
