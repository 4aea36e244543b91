package org.pvsim.hypervisor.spi;

/**
 * What the event-channel subsystem may do to vCPUs. Each call takes effect at once, allocates nothing, and ignores a
 * {@code domid} or {@code vcpu} that does not exist.
 */
public interface VcpuEvents {
    /** {@code vcpu_unblock}: wakes the vCPU if it is blocked (ending a poll in progress). */
    void unblock(int domid, int vcpu, long now);

    /**
     * {@code evtchn_check_pollers}: wakes each vCPU of {@code domid} that is polling on {@code port} or on several
     * ports.
     */
    void checkPollers(int domid, int port, long now);

    /**
     * Interrupts {@code pcpu} (the event-check IPI of {@code vcpu_kick}): it reaches a scheduling point now, where it
     * consumes its kicks ({@link PcpuKicks}) and delivers an upcall to its vCPU if one is due.
     */
    void interruptPcpu(int pcpu);
}
