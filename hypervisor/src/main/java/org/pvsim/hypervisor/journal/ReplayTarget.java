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

    /**
     * Applies a scheduling record: {@code pcpu} runs {@code do_schedule} at {@code time}, consulting the policy as the
     * recording did; the decision it reports is compared with the recorded one.
     */
    void schedule(int pcpu, long time);

    /**
     * Applies a port I/O record: the vCPU executes the {@code in} or {@code out} again at {@code time}; what it reports
     * (the value read included) is compared with the record.
     */
    void portIo(int domid, int vcpu, long time, int port, int size, boolean write, int value);

    /** Applies a timer record: the named hypervisor timer fires at {@code time}. */
    void timer(long time, int timerClass, int domid, int vcpu, int index);

    /**
     * Applies an upcall record: the hypervisor delivers an event upcall to the vCPU at {@code time}, entering {@code
     * rip}. Throws {@link IllegalStateException} if no upcall is due there (the replay has diverged).
     */
    void upcall(int domid, int vcpu, long time, long rip);

    /** Boots replay targets from a journal's boot parameters, reporting to {@code journal}. */
    @FunctionalInterface
    interface Factory {
        ReplayTarget boot(BootParameters params, Journal journal);
    }
}
