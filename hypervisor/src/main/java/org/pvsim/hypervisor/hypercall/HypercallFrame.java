package org.pvsim.hypervisor.hypercall;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.paging.GuestMemoryAccess;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * The state of the hypercall being served: Xen's {@code current} plus the guest-access helpers. One frame per
 * hypervisor, reused for every call, so a call allocates nothing.
 *
 * <p>Guest copies use the caller's current page tables ({@code guest_table}), check the range like {@code
 * access_ok}, and report every byte read or written to the journal, so replay can compare them.
 */
public final class HypercallFrame implements HypercallContext {
    private final GuestMemoryAccess memory;
    private final Journal journal;

    private Vcpu vcpu;
    private Domain domain;
    private long now;
    private long cost;
    private int multicallDepth;

    public HypercallFrame(GuestMemoryAccess memory, Journal journal) {
        this.memory = memory;
        this.journal = journal;
    }

    /** Starts serving a call from {@code vcpu} at {@code now}. */
    public void enter(Vcpu vcpu, long now) {
        this.vcpu = vcpu;
        this.domain = vcpu.domain();
        this.now = now;
        this.cost = 0;
        this.multicallDepth = 0;
    }

    /** The calling vCPU ({@code current}). */
    public Vcpu vcpu() {
        return vcpu;
    }

    /** The calling domain ({@code current->domain}). */
    public Domain domain() {
        return domain;
    }

    @Override
    public int callerDomid() {
        return domain.domid();
    }

    @Override
    public int callerVcpuId() {
        return vcpu.vcpuId();
    }

    @Override
    public boolean isCallerPrivileged() {
        return domain.isPrivileged();
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public void charge(long ns) {
        cost += ns;
    }

    /** CPU time charged to this call so far. */
    public long cost() {
        return cost;
    }

    /** Whether a multicall is being served ({@code _MCSF_in_multicall}). */
    public boolean inMulticall() {
        return multicallDepth > 0;
    }

    public void setInMulticall(boolean in) {
        multicallDepth = in ? 1 : 0;
    }

    @Override
    public int copyFromGuest(long va, byte[] dst, int off, int len) {
        if (len != 0 && !GuestMemoryAccess.rangeOk(va, len)) {
            journal.hypercallRead(va, dst, off, len, true);
            return Errno.EFAULT.neg();
        }
        int done = memory.read(vcpu.guestTable(), va, dst, off, len, false);
        if (done < len) {
            journal.hypercallRead(va, dst, off, len, true);
            return Errno.EFAULT.neg();
        }
        journal.hypercallRead(va, dst, off, len, false);
        return 0;
    }

    @Override
    public int copyToGuest(long va, byte[] src, int off, int len) {
        if (len != 0 && !GuestMemoryAccess.rangeOk(va, len)) {
            journal.hypercallWrote(va, src, off, 0, true);
            return Errno.EFAULT.neg();
        }
        int done = memory.writePartial(vcpu.guestTable(), va, src, off, len);
        journal.hypercallWrote(va, src, off, done, done < len);
        return done < len ? Errno.EFAULT.neg() : 0;
    }

    /**
     * {@code guest_handle_okay}: whether a hypercall may name an array of {@code len} bytes at {@code va}. Like Xen's
     * {@code array_access_ok}, it checks the start address even when the array is empty, and only the start: an
     * element beyond the canonical boundary faults when it is copied.
     */
    public boolean handleOkay(long va, long len) {
        return len >= 0 && GuestMemoryAccess.addrOk(va);
    }
}
