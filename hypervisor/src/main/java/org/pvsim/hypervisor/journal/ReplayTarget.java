package org.pvsim.hypervisor.journal;

/**
 * What replay drives: a freshly booted hypervisor taking the recorded inputs in the recorded order. Each call applies
 * one input record; the hypervisor reports what it does to its {@link Journal} as it would while recording, and the
 * replaying journal compares that with the record.
 */
public interface ReplayTarget {

    /** Applies a hypercall record: the vCPU makes the call again at {@code time}. Returns its result. */
    long hypercall(int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5);

    /** Applies a guest-store record. */
    void guestWrite(int domid, int vcpu, long time, long va, byte[] src, int off, int len);

    /** Applies a guest-fault record. */
    void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode);

    /** Applies a scheduling record: {@code nextDomid}/{@code nextVcpu} (or idle, -1) runs on {@code pcpu}. */
    void schedSwitch(int pcpu, long time, int nextDomid, int nextVcpu);

    /** Boots replay targets from a journal's boot parameters, reporting to {@code journal}. */
    @FunctionalInterface
    interface Factory {
        ReplayTarget boot(BootParameters params, Journal journal);
    }
}
