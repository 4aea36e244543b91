package org.pvsim.hypervisor.spi;

/**
 * Where the hypervisor sends virtual interrupts ({@code send_guest_vcpu_virq}, {@code send_guest_global_virq}). The
 * event-channel subsystem installs one that sets the bound port pending; until then the core records each VIRQ in
 * the journal and does nothing more.
 */
@FunctionalInterface
public interface VirqSink {
    /** Raises {@code virq} ({@code org.pvsim.hypervisor.abi.Virq}) for vCPU {@code vcpuId} of {@code domid}. */
    void raise(int domid, int vcpuId, int virq, long now);
}
