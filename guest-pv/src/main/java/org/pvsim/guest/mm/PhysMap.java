package org.pvsim.guest.mm;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRIES_PER_TABLE;
import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;

import org.pvsim.guest.api.StartInfo;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;

/**
 * The kernel's view of its pseudo-physical memory: the P2M (which machine frame backs each page, first read from
 * {@code start_info.mfn_list}), and where the initial mapping's L1 entry for each page lies, found at boot by walking
 * the bootstrap page tables from {@code pt_base} (the kernel reads the tables' own pages through the mapping, and
 * Xen's read-only M2P to turn the frames they name into pages).
 *
 * <p>Invariant: {@link #mfn(long)} equals the {@code mfn_list} entry in guest memory for every page, because {@link
 * #set} writes both; the L1 entry locations do not change after boot (the kernel never replaces its bootstrap
 * tables).
 */
public final class PhysMap {
    private static final int READ_CHUNK = 64 * 1024;

    private final long[] p2m;
    private final long mfnListVa;
    private final long[] l1Mfns;
    private final long l4Pfn;
    private final long l4Mfn;

    private PhysMap(long[] p2m, long mfnListVa, long[] l1Mfns, long l4Pfn, long l4Mfn) {
        this.p2m = p2m;
        this.mfnListVa = mfnListVa;
        this.l1Mfns = l1Mfns;
        this.l4Pfn = l4Pfn;
        this.l4Mfn = l4Mfn;
    }

    /**
     * Reads the P2M list and walks the bootstrap tables.
     *
     * @throws IllegalStateException naming what is inconsistent (a P2M list or page table that does not describe the
     *     initial mapping pvsim's builders lay out); the kernel panics with the message
     */
    public static PhysMap load(GuestCpu cpu, StartInfo si) {
        long nrPages = si.nrPages();
        if (nrPages <= 0 || nrPages > Integer.MAX_VALUE) {
            throw new IllegalStateException("start_info.nr_pages is " + nrPages);
        }
        long[] p2m = new long[(int) nrPages];
        byte[] chunk = new byte[(int) Math.min(READ_CHUNK, nrPages * 8)];
        for (long done = 0; done < nrPages; ) {
            int n = (int) Math.min(chunk.length / 8, nrPages - done);
            cpu.read(si.mfnList() + done * 8, chunk, 0, n * 8);
            for (int i = 0; i < n; i++) {
                p2m[(int) (done + i)] = LittleEndian.getI64(chunk, i * 8);
            }
            done += n;
        }
        long l4Pfn = pfnOf(si.ptBase());
        if (l4Pfn < 0 || l4Pfn >= nrPages) {
            throw new IllegalStateException(String.format("pt_base %#x is outside the initial mapping", si.ptBase()));
        }
        long l4Mfn = p2m[(int) l4Pfn];
        long[] l1Mfns = new long[(int) ((nrPages + ENTRIES_PER_TABLE - 1) / ENTRIES_PER_TABLE)];
        for (int block = 0; block < l1Mfns.length; block++) {
            l1Mfns[block] = walkToL1(cpu, nrPages, l4Mfn, va((long) block * ENTRIES_PER_TABLE));
        }
        return new PhysMap(p2m, si.mfnList(), l1Mfns, l4Pfn, l4Mfn);
    }

    private static long walkToL1(GuestCpu cpu, long nrPages, long l4Mfn, long va) {
        long table = l4Mfn;
        for (int level = 4; level >= 2; level--) {
            long pfn = pfnOfMfn(cpu, table);
            if (pfn < 0 || pfn >= nrPages) {
                throw new IllegalStateException(String.format(
                        "the L%d table of %#x (frame %d) is outside the initial mapping", level, va, table));
            }
            long e = cpu.read64(va(pfn) + (long) X86Paging.tableIndex(va, level) * ENTRY_SIZE);
            if (!X86Paging.isPresent(e)) {
                throw new IllegalStateException(
                        String.format("the initial mapping has no L%d entry for %#x", level, va));
            }
            table = X86Paging.mfn(e);
        }
        return table;
    }

    /** The virtual address of page {@code pfn} in the initial mapping. */
    public static long va(long pfn) {
        return StartOfDayLayout.va(pfn);
    }

    /** The page an initial-mapping address lies in. */
    public static long pfnOf(long va) {
        return StartOfDayLayout.pfnOf(va);
    }

    /** The page machine frame {@code mfn} backs, from Xen's read-only M2P. */
    public static long pfnOfMfn(GuestCpu cpu, long mfn) {
        return cpu.read64(XenAddressSpace.MACH2PHYS_VIRT_START + mfn * 8);
    }

    /** Pages of the pseudo-physical space. */
    public long nrPages() {
        return p2m.length;
    }

    /** The machine frame behind {@code pfn}. */
    public long mfn(long pfn) {
        return p2m[checkPfn(pfn)];
    }

    /** Sets the machine frame behind {@code pfn}, in the kernel's copy and in the guest's {@code mfn_list}. */
    public void set(GuestCpu cpu, long pfn, long mfn) {
        int i = checkPfn(pfn);
        cpu.write64(mfnListVa + 8L * i, mfn);
        p2m[i] = mfn;
    }

    /** The machine address of the initial mapping's L1 entry for {@code pfn}. */
    public long pteMachineAddress(long pfn) {
        int i = checkPfn(pfn);
        return (l1Mfns[i / ENTRIES_PER_TABLE] << PAGE_SHIFT) + (long) (i % ENTRIES_PER_TABLE) * ENTRY_SIZE;
    }

    /** The page holding the kernel's L4. */
    public long l4Pfn() {
        return l4Pfn;
    }

    /** The machine frame of the kernel's L4. */
    public long l4Mfn() {
        return l4Mfn;
    }

    private int checkPfn(long pfn) {
        if (pfn < 0 || pfn >= p2m.length) {
            throw new IllegalArgumentException("page " + pfn + " is outside the domain's " + p2m.length + " pages");
        }
        return (int) pfn;
    }
}
