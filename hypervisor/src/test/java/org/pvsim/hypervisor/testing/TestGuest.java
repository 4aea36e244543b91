package org.pvsim.hypervisor.testing;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuUpdateDescriptor;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;

/**
 * A test acting as a guest kernel on vCPU 0 of a domain: it stores Xen's structures in the guest's own memory (through
 * its page tables, journalled like any guest store) and makes hypercalls, exactly as guest code would. Scratch memory
 * comes from the kernel's free pages, after the bootstrap region.
 */
public final class TestGuest {
    public final TestHost host;
    public final Hypervisor hv;
    public final Domain domain;
    public final StartOfDayLayout layout;
    private Vcpu vcpu;
    private long nextFreePfn;
    private long scratchVa;
    private int scratchUsed = PAGE_SIZE;

    TestGuest(TestHost host, Domain domain) {
        this.host = host;
        this.hv = host.hv;
        this.domain = domain;
        this.vcpu = domain.vcpu(0);
        this.layout = StartOfDayLayout.plan(domain.totPages(), domain.domid() != 0);
        this.nextFreePfn = layout.firstFreePfn();
    }

    public int domid() {
        return domain.domid();
    }

    public Vcpu vcpu() {
        return vcpu;
    }

    /** Acts on vCPU {@code id} from now on. */
    public TestGuest onVcpu(int id) {
        vcpu = domain.vcpu(id);
        return this;
    }

    /** The time tests make calls at: the engine's current time. */
    public long now() {
        return hv.now();
    }

    // ------------------------------------------------------------------ memory

    /** A free pseudo-physical page of the kernel's, never handed out before. */
    public long allocPfn() {
        if (nextFreePfn >= layout.nrPages()) {
            throw new IllegalStateException("test guest d" + domid() + " ran out of free pages");
        }
        return nextFreePfn++;
    }

    /** The virtual address of {@code pfn} in the initial mapping. */
    public long va(long pfn) {
        return StartOfDayLayout.va(pfn);
    }

    /** The machine frame of {@code pfn}, read from the guest's own P2M ({@code mfn_list}). */
    public long mfn(long pfn) {
        return read64(StartOfDayLayout.va(layout.p2mPfn()) + 8 * pfn);
    }

    /** The machine frame of the bootstrap L4. */
    public long l4Mfn() {
        return mfn(layout.l4Pfn());
    }

    /** The machine frame of the first bootstrap L1 (the one that maps pfns 0-511). */
    public long firstL1Mfn() {
        return mfn(layout.l4Pfn() + layout.nrPtFrames() - ((layout.nrPages() + 511) / 512));
    }

    /** The machine frame of the bootstrap L2 (the one that holds the L1s). */
    public long l2Mfn() {
        return mfn(layout.l4Pfn() + layout.nrPtFrames() - ((layout.nrPages() + 511) / 512) - 1);
    }

    /** The machine frame of the bootstrap L3 (the one in the L4 slot of {@code VIRT_BASE}). */
    public long l3Mfn() {
        return mfn(layout.l4Pfn() + 1);
    }

    /** The machine address of entry {@code index} of the table in frame {@code mfn}: an mmu_update {@code ptr}. */
    public static long entryMaddr(long mfn, int index) {
        return (mfn << X86Paging.PAGE_SHIFT) + (long) index * X86Paging.ENTRY_SIZE;
    }

    /**
     * A free page of the guest, remapped read-only in the initial mapping (with {@code update_va_mapping}) so that it
     * may become a page table.
     */
    public long readOnlyPfn() {
        long pfn = allocPfn();
        long rc = call(Hypercall.update_va_mapping, va(pfn), X86Paging.entry(mfn(pfn), StartOfDayLayout.L1_PROT_RO), 0);
        if (rc != 0) {
            throw new IllegalStateException("could not make pfn " + pfn + " read-only: " + Errno.describe(rc));
        }
        return pfn;
    }

    /** Writes {@code bytes} into fresh scratch memory and returns their virtual address. */
    public long put(byte[] bytes) {
        long va = scratch(bytes.length);
        write(va, bytes);
        return va;
    }

    /** The machine address of the L1 entry that maps {@code va} in the bootstrap tables. */
    public long l1EntryMaddr(long va) {
        long pfn = StartOfDayLayout.pfnOf(va);
        long l1Index = pfn / 512;
        long l1Pfn = layout.l4Pfn() + layout.nrPtFrames() - ((layout.nrPages() + 511) / 512) + l1Index;
        return (mfn(l1Pfn) << X86Paging.PAGE_SHIFT) + (pfn % 512) * 8;
    }

    /** {@code len} bytes of zeroed scratch memory, 8-byte aligned, valid until the guest is dropped. */
    public long scratch(int len) {
        int aligned = (len + 7) & ~7;
        if (aligned > PAGE_SIZE) {
            long first = va(allocPfn());
            for (int done = PAGE_SIZE; done < aligned; done += PAGE_SIZE) {
                allocPfn();
            }
            return first;
        }
        if (scratchUsed + aligned > PAGE_SIZE) {
            scratchVa = va(allocPfn());
            scratchUsed = 0;
        }
        long va = scratchVa + scratchUsed;
        scratchUsed += aligned;
        return va;
    }

    public void write64(long va, long value) {
        byte[] b = new byte[8];
        LittleEndian.putI64(b, 0, value);
        write(va, b);
    }

    public void write32(long va, int value) {
        byte[] b = new byte[4];
        LittleEndian.putI32(b, 0, value);
        write(va, b);
    }

    public void write16(long va, int value) {
        byte[] b = new byte[2];
        LittleEndian.putU16(b, 0, value);
        write(va, b);
    }

    public void write(long va, byte[] bytes) {
        hv.guestWrite(vcpu, hv.now(), va, bytes, 0, bytes.length);
    }

    public long read64(long va) {
        byte[] b = new byte[8];
        hv.guestRead(vcpu, va, b, 0, 8);
        return LittleEndian.getI64(b, 0);
    }

    public int read32(long va) {
        byte[] b = new byte[4];
        hv.guestRead(vcpu, va, b, 0, 4);
        return LittleEndian.getI32(b, 0);
    }

    public byte[] read(long va, int len) {
        byte[] b = new byte[len];
        hv.guestRead(vcpu, va, b, 0, len);
        return b;
    }

    // ------------------------------------------------------------------ hypercalls

    public long call(Hypercall h, long a1, long a2, long a3, long a4, long a5) {
        return hv.hypercall(vcpu, hv.now(), h.number, a1, a2, a3, a4, a5);
    }

    public long call(Hypercall h, long a1, long a2, long a3) {
        return call(h, a1, a2, a3, 0, 0);
    }

    public long call(Hypercall h, long a1, long a2) {
        return call(h, a1, a2, 0, 0, 0);
    }

    /** One {@code mmu_update} request; {@code *pdone} is discarded. */
    public long mmuUpdate(long ptr, long val, int foreigndom) {
        return mmuUpdate(new long[] {ptr}, new long[] {val}, foreigndom, 0);
    }

    /** A batch of {@code mmu_update} requests, with {@code pdone} (0 for none). */
    public long mmuUpdate(long[] ptrs, long[] vals, int foreigndom, long pdone) {
        return call(Hypercall.mmu_update, mmuUpdateRequests(ptrs, vals), ptrs.length, pdone, foreigndom, 0);
    }

    /** Stores {@code mmu_update} requests in scratch memory and returns their address. */
    public long mmuUpdateRequests(long[] ptrs, long[] vals) {
        long reqs = scratch(ptrs.length * MmuUpdateDescriptor.SIZE);
        for (int i = 0; i < ptrs.length; i++) {
            write64(reqs + (long) i * MmuUpdateDescriptor.SIZE + MmuUpdateDescriptor.PTR_OFFSET, ptrs[i]);
            write64(reqs + (long) i * MmuUpdateDescriptor.SIZE + MmuUpdateDescriptor.VAL_OFFSET, vals[i]);
        }
        return reqs;
    }

    /** One {@code mmuext_op}. */
    public long mmuext(int cmd, long arg1, long arg2, int foreigndom) {
        return mmuext(new int[] {cmd}, new long[] {arg1}, new long[] {arg2}, foreigndom, 0);
    }

    /** One {@code mmuext_op} given by its command. */
    public long mmuext(MmuextCmd cmd, long arg1, long arg2) {
        return mmuext(cmd.code, arg1, arg2, DomId.DOMID_SELF);
    }

    /** A batch of {@code mmuext_op}s, with {@code pdone} (0 for none). */
    public long mmuext(int[] cmds, long[] arg1, long[] arg2, int foreigndom, long pdone) {
        return call(Hypercall.mmuext_op, mmuextOps(cmds, arg1, arg2), cmds.length, pdone, foreigndom, 0);
    }

    /** Stores {@code mmuext_op}s in scratch memory and returns their address. */
    public long mmuextOps(int[] cmds, long[] arg1, long[] arg2) {
        long ops = scratch(cmds.length * MmuextOpDescriptor.SIZE);
        for (int i = 0; i < cmds.length; i++) {
            long op = ops + (long) i * MmuextOpDescriptor.SIZE;
            write32(op + MmuextOpDescriptor.CMD_OFFSET, cmds[i]);
            write64(op + MmuextOpDescriptor.ARG1_OFFSET, arg1[i]);
            write64(op + MmuextOpDescriptor.ARG2_OFFSET, arg2[i]);
        }
        return ops;
    }

    /** {@code update_va_mapping(va, val, flags)}. */
    public long updateVaMapping(long va, long val, long flags) {
        return call(Hypercall.update_va_mapping, va, val, flags);
    }

    /** Writes {@code op} (a {@code xen_domctl}) to scratch memory and calls {@code domctl}; the struct is read back. */
    public long domctl(byte[] op) {
        long va = put(op);
        long rc = call(Hypercall.domctl, va, 0);
        System.arraycopy(read(va, op.length), 0, op, 0, op.length);
        return rc;
    }

    /** Writes {@code op} (a {@code xen_sysctl}) to scratch memory and calls {@code sysctl}; the struct is read back. */
    public long sysctl(byte[] op) {
        long va = put(op);
        long rc = call(Hypercall.sysctl, va, 0);
        System.arraycopy(read(va, op.length), 0, op, 0, op.length);
        return rc;
    }
}
