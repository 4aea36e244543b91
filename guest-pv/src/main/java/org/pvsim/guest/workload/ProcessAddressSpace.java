package org.pvsim.guest.workload;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.Arrays;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.MulticallBatch;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;

/**
 * One process's address space, built and torn down the way a PV Linux kernel does it on fork, exec and exit
 * ({@code xen_pgd_pin} / {@code xen_pgd_unpin} in {@code arch/x86/xen/mmu_pv.c}, and the protocol in {@code
 * xen/include/public/xen.h}):
 *
 * <ol>
 *   <li>take pages for an L4, L3, L2 and L1 and for the user pages, and fill the tables while they are still
 *       ordinary writable pages: the L4 gets the kernel's upper-half entries (so the kernel stays mapped), plus the
 *       user L3 → L2 → L1 chain mapping the user pages at {@link #USER_BASE};
 *   <li>in one {@code multicall}: make the four table pages read-only in the kernel's mapping ({@code
 *       update_va_mapping}) and pin the L4 ({@code MMUEXT_PIN_L4_TABLE}, which makes Xen validate the whole tree);
 *   <li>switch to it ({@code MMUEXT_NEW_BASEPTR}), touch every user page through it, compute;
 *   <li>switch back and unpin in one {@code mmuext_op} batch: Xen drops the tree's references;
 *   <li>make the four pages writable again in one {@code mmu_update} batch, and free every page.
 * </ol>
 *
 * <p>Invariant: after {@link #run} returns, every page it took is free again and mapped read-write, and Xen holds no
 * reference the process took. One instance serves one vCPU, process after process; it allocates nothing per run.
 */
final class ProcessAddressSpace {
    /** Where user pages are mapped: 4 MiB, the usual start of an x86-64 executable. */
    static final long USER_BASE = 0x40_0000L;
    /** Flags of a user page's entry: present, writable, user, accessed, dirty, no-execute. */
    static final int USER_PROT = X86Paging._PAGE_PRESENT
            | X86Paging._PAGE_RW
            | X86Paging._PAGE_USER
            | X86Paging._PAGE_ACCESSED
            | X86Paging._PAGE_DIRTY
            | X86Paging._PAGE_NX;

    private static final int L4 = 0;
    private static final int L3 = 1;
    private static final int L2 = 2;
    private static final int L1 = 3;
    private static final int TABLES = 4;
    private static final long FLUSH = UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL;

    private final int pages;
    private final long[] tablePfns = new long[TABLES];
    private final long[] userPfns;
    private final byte[] page = new byte[PAGE_SIZE];
    private final long[] ptrs = new long[TABLES];
    private final long[] vals = new long[TABLES];
    private final MmuextCmd[] exitCmds = {MmuextCmd.MMUEXT_NEW_BASEPTR, MmuextCmd.MMUEXT_UNPIN_TABLE};
    private final long[] exitArg1 = new long[2];
    private final long[] exitArg2 = new long[2];

    ProcessAddressSpace(int pages) {
        if (pages < 1 || pages > X86Paging.ENTRIES_PER_TABLE - X86Paging.tableIndex(USER_BASE, 1)) {
            throw new IllegalArgumentException("a process maps 1 to 512 user pages, not " + pages);
        }
        this.pages = pages;
        this.userPfns = new long[pages];
    }

    /**
     * Runs process number {@code n} from fork to exit on {@code cpu}, computing {@code runtimeNs} on its page tables.
     *
     * @return the user pages it touched
     * @throws org.pvsim.guest.api.KernelPanic if memory runs out or Xen refuses a step
     */
    int run(Kernel kernel, GuestCpu cpu, long n, long runtimeNs) {
        allocate(kernel, cpu, n);
        build(kernel, cpu);
        Hypercalls hc = kernel.hypercalls(cpu);
        pin(kernel, cpu, hc, n);
        long l4Mfn = kernel.mfn(tablePfns[L4]);
        check(
                kernel,
                cpu,
                n,
                "exec (NEW_BASEPTR)",
                hc.mmuext(MmuextCmd.MMUEXT_NEW_BASEPTR, l4Mfn, 0, DomId.DOMID_SELF));
        touch(kernel, cpu, n);
        cpu.compute(runtimeNs);
        exitArg1[0] = kernel.kernelL4Mfn();
        exitArg1[1] = l4Mfn;
        long rc = hc.mmuext(exitCmds, exitArg1, exitArg2, 2, DomId.DOMID_SELF);
        check(kernel, cpu, n, "exit (NEW_BASEPTR, UNPIN_TABLE)", rc);
        release(kernel, cpu, hc, n);
        return pages;
    }

    private void allocate(Kernel kernel, GuestCpu cpu, long n) {
        Arrays.fill(tablePfns, Kernel.NO_PAGE);
        Arrays.fill(userPfns, Kernel.NO_PAGE);
        for (int t = 0; t < TABLES; t++) {
            tablePfns[t] = takePage(kernel, cpu, n);
        }
        for (int i = 0; i < pages; i++) {
            userPfns[i] = takePage(kernel, cpu, n);
        }
    }

    private long takePage(Kernel kernel, GuestCpu cpu, long n) {
        long pfn = kernel.allocPfn();
        if (pfn == Kernel.NO_PAGE) {
            throw kernel.panic(
                    cpu,
                    "pagetable: out of memory forking process " + n + " (" + (TABLES + pages) + " pages needed, "
                            + kernel.freePages() + " free)");
        }
        return pfn;
    }

    /** Fills the four tables while they are ordinary writable pages. */
    private void build(Kernel kernel, GuestCpu cpu) {
        cpu.read(kernel.va(kernel.kernelL4Pfn()), page, 0, PAGE_SIZE);
        Arrays.fill(page, 0, XenAddressSpace.FIRST_XEN_L4_SLOT * ENTRY_SIZE, (byte) 0);
        writeTable(kernel, cpu, L4, X86Paging.tableIndex(USER_BASE, 4), L3);
        Arrays.fill(page, (byte) 0);
        writeTable(kernel, cpu, L3, X86Paging.tableIndex(USER_BASE, 3), L2);
        Arrays.fill(page, (byte) 0);
        writeTable(kernel, cpu, L2, X86Paging.tableIndex(USER_BASE, 2), L1);
        Arrays.fill(page, (byte) 0);
        int first = X86Paging.tableIndex(USER_BASE, 1);
        for (int i = 0; i < pages; i++) {
            LittleEndian.putI64(page, (first + i) * ENTRY_SIZE, X86Paging.entry(kernel.mfn(userPfns[i]), USER_PROT));
        }
        cpu.write(kernel.va(tablePfns[L1]), page, 0, PAGE_SIZE);
    }

    private void writeTable(Kernel kernel, GuestCpu cpu, int table, int slot, int child) {
        LittleEndian.putI64(
                page, slot * ENTRY_SIZE, X86Paging.entry(kernel.mfn(tablePfns[child]), StartOfDayLayout.UPPER_PROT));
        cpu.write(kernel.va(tablePfns[table]), page, 0, PAGE_SIZE);
    }

    /** Read-only mappings for the tables, then the pin, in one multicall. */
    private void pin(Kernel kernel, GuestCpu cpu, Hypercalls hc, long n) {
        MulticallBatch mc = hc.multicall();
        for (int t = TABLES - 1; t >= 0; t--) {
            long pfn = tablePfns[t];
            mc.addUpdateVaMapping(kernel.va(pfn), X86Paging.entry(kernel.mfn(pfn), StartOfDayLayout.L1_PROT_RO), FLUSH);
        }
        mc.addMmuext(MmuextCmd.MMUEXT_PIN_L4_TABLE, kernel.mfn(tablePfns[L4]), 0, DomId.DOMID_SELF);
        long rc = mc.execute();
        check(kernel, cpu, n, "fork (multicall)", rc);
        int failed = mc.firstFailure();
        if (failed >= 0) {
            throw kernel.panic(cpu, "pagetable: fork of process " + n + " failed: " + mc.describe(failed));
        }
    }

    /** Writes a word into each user page through the process's tables, and reads it back through the kernel's. */
    private void touch(Kernel kernel, GuestCpu cpu, long n) {
        for (int i = 0; i < pages; i++) {
            long va = USER_BASE + (long) i * PAGE_SIZE;
            long value = pattern(n, i);
            cpu.write64(va, value);
            cpu.write64(va + PAGE_SIZE - 8, ~value);
            if (cpu.read64(va) != value || cpu.read64(kernel.va(userPfns[i]) + PAGE_SIZE - 8) != ~value) {
                throw kernel.panic(
                        cpu,
                        String.format(
                                "pagetable: process %d's page %d at %#x does not hold what was written", n, i, va));
            }
        }
    }

    static long pattern(long process, int page) {
        return (process << 20 | page) * 0x9E37_79B9_7F4A_7C15L;
    }

    /** Writable mappings for the tables again, in one mmu_update batch; then every page back to the allocator. */
    private void release(Kernel kernel, GuestCpu cpu, Hypercalls hc, long n) {
        for (int t = 0; t < TABLES; t++) {
            long pfn = tablePfns[t];
            ptrs[t] = kernel.pteMachineAddress(pfn);
            vals[t] = X86Paging.entry(kernel.mfn(pfn), StartOfDayLayout.L1_PROT);
        }
        long rc = hc.mmuUpdate(ptrs, vals, TABLES, DomId.DOMID_SELF);
        if (rc != 0) {
            check(kernel, cpu, n, "exit (mmu_update, " + hc.lastDone() + " of " + TABLES + " done)", rc);
        }
        for (int t = 0; t < TABLES; t++) {
            kernel.freePfn(tablePfns[t]);
        }
        for (int i = 0; i < pages; i++) {
            kernel.freePfn(userPfns[i]);
        }
    }

    private static void check(Kernel kernel, GuestCpu cpu, long n, String what, long rc) {
        if (rc != 0) {
            throw kernel.panic(cpu, "pagetable: process " + n + ": " + what + " failed: " + Errno.describe(rc));
        }
    }
}
