package org.pvsim.hypervisor.journal;

/**
 * Where the hypervisor reports every input it takes and every lifecycle step it makes, in the order they happen.
 * While recording, an implementation appends a compact binary record for each call (see {@code docs/journal.md});
 * while replaying, an implementation compares each call with the next recorded record.
 *
 * <p>Inputs are the calls that change hypervisor state from outside: a hypercall (with the guest bytes the
 * hypervisor read and wrote while serving it), a guest store to its own memory, a guest fault, a scheduling
 * decision and a hypervisor timer's expiry. Outputs are {@link #lifecycle} steps and {@link #trace} events, the consequences of inputs. An input's record is written when the
 * input has been applied, and the outputs emitted while applying it are written after it, so a reader always meets
 * an input before its consequences.
 *
 * <p>Implementations allocate nothing per call on the recording path; the byte arrays passed in are only read
 * during the call.
 *
 * <p>Rules the recording and replaying implementations enforce (breaking one is a bug in the caller and throws {@link
 * IllegalStateException}): {@link #boot} comes first and once; inputs do not nest, so between {@link #hypercallBegin}
 * and {@link #hypercallEnd} only {@link #hypercallRead}, {@link #hypercallWrote} and {@link #lifecycle} may be called
 * (a multicall is one hypercall: its sub-calls' guest accesses are segments of it), and likewise between {@link
 * #scheduleBegin} and {@link #scheduleEnd}, and {@link #timerBegin} and {@link #timerEnd}, only outputs ({@link
 * #lifecycle}, {@link #trace}) may be reported; {@link #hypercallRead}, {@link #hypercallWrote} and {@link
 * #hypercallEnd} come only inside a hypercall. Domain and vCPU ids are 0..0x7FFF, or -1
 * for none (in {@link #schedSwitch}, a domid of -1 is the idle vCPU); they are refused with {@link
 * IllegalArgumentException} otherwise. The record format is {@link JournalFormat}.
 */
public interface Journal {

    /** The boot parameters: the first record of every journal. */
    void boot(BootParameters params);

    /** A hypercall starts: {@code domid}/{@code vcpu} made it at {@code time} with these register arguments. */
    void hypercallBegin(int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5);

    /**
     * During a hypercall, the hypervisor read {@code len} guest bytes at {@code va} ({@code copy_from_guest}). If
     * {@code faulted}, the read failed and {@code len} bytes were requested; {@code src} is then not read.
     */
    void hypercallRead(long va, byte[] src, int off, int len, boolean faulted);

    /**
     * During a hypercall, the hypervisor wrote {@code len} guest bytes at {@code va} ({@code copy_to_guest}). If
     * {@code faulted}, the write stopped at a fault after these {@code len} bytes.
     */
    void hypercallWrote(long va, byte[] src, int off, int len, boolean faulted);

    /** The hypercall begun last returned {@code result}: its record is complete. */
    void hypercallEnd(long result);

    /** A guest stored {@code len} bytes at {@code va} in its own address space (translated to {@code maddr}). */
    void guestWrite(int domid, int vcpu, long time, long va, long maddr, byte[] src, int off, int len);

    /** A guest faulted: {@code kind} is a {@link GuestFaultKind} code. The hypervisor crashes the domain. */
    void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode);

    /**
     * The scheduler starts {@code do_schedule} on {@code pcpu} at {@code time}: an input whose record is completed by
     * {@link #scheduleEnd}. Outputs reported in between (runstate changes, the policy's trace events) are its
     * consequences.
     */
    void scheduleBegin(int pcpu, long time);

    /**
     * The {@code do_schedule} begun last decided: {@code nextDomid}/{@code nextVcpu} (or idle, -1) runs in place of
     * {@code prevDomid}/{@code prevVcpu} (the same vCPU if it continues) for {@code timesliceNs} (-1: until tickled).
     */
    void scheduleEnd(int prevDomid, int prevVcpu, int nextDomid, int nextVcpu, long timesliceNs);

    /**
     * A hypervisor timer fires at {@code time}: an input whose record is completed by {@link #timerEnd}; what its
     * action does is reported in between. The timer is named by its class code ({@link TimerClass}), owner
     * ({@code domid}/{@code vcpu}, -1 for none) and index.
     */
    void timerBegin(long time, int timerClass, int domid, int vcpu, int index);

    /** The timer fired last has run its action. */
    void timerEnd();

    /**
     * A guest's port I/O instruction at {@code time}: an input whose record is written at once and completed by
     * {@link #portIoEnd}; what the device does in between (an interrupt raised) is reported as its consequences. For
     * an {@code in}, {@code value} is the value the device returned (a read never raises an interrupt, so it is known
     * before the record is written); {@code flags} are {@link JournalFormat#PORT_IO_WRITE} and {@link
     * JournalFormat#PORT_IO_FAULTED}.
     */
    void portIoBegin(int domid, int vcpu, long time, int port, int size, int flags, int value);

    /** The port I/O begun last has been emulated. */
    void portIoEnd();

    /**
     * A trace event (an output, like a xentrace record): Xen's {@code TRC_*} id, the vCPU it concerns (-1/-1 for
     * none) and two data words whose meaning the event defines ({@code docs/journal.md} lists them).
     */
    void trace(long time, int event, int domid, int vcpu, long d1, long d2);

    /** A domain lifecycle step (an output). */
    void lifecycle(long time, LifecycleEvent event, int domid, long arg);

    /**
     * An input: the hypervisor delivered an event upcall to {@code domid}/{@code vcpu} at {@code time}, entering the
     * guest at {@code rip} with {@code evtchn_upcall_mask} set. A complete record; inputs do not nest.
     */
    void upcall(int domid, int vcpu, long time, long rip);

    /**
     * An event-channel output: {@code event} is an {@code spi.EvtchnEvent} code, for {@code port} (-1: none) of
     * {@code domid}, concerning {@code vcpu} (-1: none).
     */
    void evtchn(long time, int event, int domid, int vcpu, int port, long arg);

    /**
     * A grant-table output: one element of {@code GNTTABOP_*} {@code op} made by {@code domid}, naming {@code
     * remoteDomid} (-1: none) and {@code ref} (a grant reference or handle), with its {@code status} and {@code arg}
     * (what it returned).
     */
    void gnttab(long time, int op, int domid, int remoteDomid, long ref, int status, long arg);

    /** Records written or compared so far. */
    long records();

    /** A journal that records nothing: for runs and tests that do not need one. */
    Journal OFF = new Journal() {
        @Override
        public void boot(BootParameters params) {}

        @Override
        public void hypercallBegin(
                int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5) {}

        @Override
        public void hypercallRead(long va, byte[] src, int off, int len, boolean faulted) {}

        @Override
        public void hypercallWrote(long va, byte[] src, int off, int len, boolean faulted) {}

        @Override
        public void hypercallEnd(long result) {}

        @Override
        public void guestWrite(int domid, int vcpu, long time, long va, long maddr, byte[] src, int off, int len) {}

        @Override
        public void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode) {}

        @Override
        public void scheduleBegin(int pcpu, long time) {}

        @Override
        public void scheduleEnd(int prevDomid, int prevVcpu, int nextDomid, int nextVcpu, long timesliceNs) {}

        @Override
        public void timerBegin(long time, int timerClass, int domid, int vcpu, int index) {}

        @Override
        public void timerEnd() {}

        @Override
        public void portIoBegin(int domid, int vcpu, long time, int port, int size, int flags, int value) {}

        @Override
        public void portIoEnd() {}

        @Override
        public void trace(long time, int event, int domid, int vcpu, long d1, long d2) {}

        @Override
        public void lifecycle(long time, LifecycleEvent event, int domid, long arg) {}

        @Override
        public void upcall(int domid, int vcpu, long time, long rip) {}

        @Override
        public void evtchn(long time, int event, int domid, int vcpu, int port, long arg) {}

        @Override
        public void gnttab(long time, int op, int domid, int remoteDomid, long ref, int status, long arg) {}

        @Override
        public long records() {
            return 0;
        }
    };
}
