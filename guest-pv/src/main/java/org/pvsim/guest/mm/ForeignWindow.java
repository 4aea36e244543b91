package org.pvsim.guest.mm;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRIES_PER_TABLE;
import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.Arrays;
import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * The kernel's foreign-mapping window: {@link #SIZE} bytes of its virtual address space from {@link #BASE} (L4 slot
 * 402, where 64-bit Linux keeps vmalloc space), where other domains' frames are mapped one page each.
 *
 * <p>The window's L3, L2 and L1 tables are the kernel's own pages. Each is filled while still an ordinary writable
 * page, made read-only in the initial mapping, then hooked in with a validated {@code mmu_update}: the L3 into the
 * kernel's pinned L4 (which makes Xen validate the L3 and L2 below it), each L1 into the L2 when the first slot it
 * covers is used. A mapping is one {@code mmu_update} of an L1 entry with {@code foreigndom} naming the frame's
 * owner; an unmapping is {@code update_va_mapping(va, 0)}, which drops the reference and flushes the TLBs.
 *
 * <p>Slots are handed out lowest first. The tables stay for the kernel's lifetime. The window is shared by every
 * vCPU (they all run on the kernel's L4); {@link #bind} names the vCPU acting.
 */
public final class ForeignWindow implements ForeignMappings {
    /** The first address of the window. */
    public static final long BASE = 0xFFFF_C900_0000_0000L;
    /** L1 tables the window can hold: one L2's worth. */
    public static final int MAX_L1_TABLES = ENTRIES_PER_TABLE;
    /** Pages the window can map at once. */
    public static final int MAX_SLOTS = MAX_L1_TABLES * ENTRIES_PER_TABLE;
    /** Bytes of address space the window spans (1 GiB). */
    public static final long SIZE = (long) MAX_SLOTS * PAGE_SIZE;

    /** Flags of a window L1 entry, {@code _PAGE_RW} added for a writable mapping. */
    public static final int MAPPING_FLAGS =
            X86Paging._PAGE_PRESENT | X86Paging._PAGE_ACCESSED | X86Paging._PAGE_DIRTY | X86Paging._PAGE_NX;

    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];
    private static final long NONE = -1;

    private final long[] l1Pfns = new long[MAX_L1_TABLES];
    private final long[] used = new long[MAX_SLOTS / 64];
    private final byte[] table = new byte[PAGE_SIZE];
    private long l3Pfn = NONE;
    private long l2Pfn = NONE;
    private int mapped;
    private int hint;
    private Kernel kernel;
    private GuestCpu cpu;

    /** A window with nothing mapped and no tables yet: they are built on the first {@link #map}. */
    public ForeignWindow() {
        Arrays.fill(l1Pfns, NONE);
    }

    /** Acts as {@code cpu} of {@code kernel} from now on; returns {@code this}. */
    public ForeignWindow bind(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        this.cpu = cpu;
        return this;
    }

    @Override
    public long map(int domid, long mfn, boolean writable) {
        int slot = lowestFreeSlot();
        if (slot < 0) {
            return Errno.ENOMEM.neg();
        }
        long rc = ensureTables();
        if (rc == 0) {
            rc = ensureL1(slot / ENTRIES_PER_TABLE);
        }
        if (rc != 0) {
            return rc;
        }
        long l1Mfn = kernel.mfn(l1Pfns[slot / ENTRIES_PER_TABLE]);
        long ptr = (l1Mfn << PAGE_SHIFT) + (long) (slot % ENTRIES_PER_TABLE) * ENTRY_SIZE;
        int flags = MAPPING_FLAGS | (writable ? X86Paging._PAGE_RW : 0);
        rc = hypercalls().mmuUpdate(ptr, X86Paging.entry(mfn, flags), domid);
        if (rc != 0) {
            return rc;
        }
        used[slot >>> 6] |= 1L << slot;
        mapped++;
        return BASE + (long) slot * PAGE_SIZE;
    }

    @Override
    public void unmap(long va) {
        long offset = va - BASE;
        if (offset < 0 || offset >= SIZE || (offset & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("%#x is not a page of the foreign-mapping window", va));
        }
        int slot = (int) (offset >>> PAGE_SHIFT);
        if ((used[slot >>> 6] & (1L << slot)) == 0) {
            throw new IllegalArgumentException(String.format("%#x is not mapped", va));
        }
        long rc = hypercalls().updateVaMapping(va, 0, UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL);
        if (rc != 0) {
            throw kernel.panic(cpu, String.format("foreign unmap of %#x failed: %s", va, Errno.describe(rc)));
        }
        used[slot >>> 6] &= ~(1L << slot);
        mapped--;
        if (slot < hint) {
            hint = slot;
        }
    }

    @Override
    public int mapped() {
        return mapped;
    }

    private Hypercalls hypercalls() {
        if (kernel == null) {
            throw new IllegalStateException("the foreign-mapping window is used before being bound to a vCPU");
        }
        return kernel.hypercalls(cpu);
    }

    private int lowestFreeSlot() {
        for (int s = hint; s < MAX_SLOTS; s++) {
            if ((used[s >>> 6] & (1L << s)) == 0) {
                hint = s;
                return s;
            }
        }
        return -1;
    }

    /** Builds the L3 and L2 and hooks the L3 into the kernel's L4, once. */
    private long ensureTables() {
        if (l3Pfn != NONE) {
            return 0;
        }
        long l3 = kernel.allocPfn();
        long l2 = kernel.allocPfn();
        if (l3 == Kernel.NO_PAGE || l2 == Kernel.NO_PAGE) {
            freeIfAllocated(l3);
            freeIfAllocated(l2);
            return Errno.ENOMEM.neg();
        }
        cpu.write(kernel.va(l2), ZERO_PAGE, 0, PAGE_SIZE);
        Arrays.fill(table, (byte) 0);
        putEntry(X86Paging.tableIndex(BASE, 3), kernel.mfn(l2));
        cpu.write(kernel.va(l3), table, 0, PAGE_SIZE);
        kernel.makeReadOnly(cpu, l2);
        kernel.makeReadOnly(cpu, l3);
        long l4Entry = (kernel.kernelL4Mfn() << PAGE_SHIFT) + (long) X86Paging.tableIndex(BASE, 4) * ENTRY_SIZE;
        long rc = hypercalls()
                .mmuUpdate(l4Entry, X86Paging.entry(kernel.mfn(l3), StartOfDayLayout.UPPER_PROT), DomId.DOMID_SELF);
        if (rc != 0) {
            kernel.makeWritable(cpu, l3);
            kernel.makeWritable(cpu, l2);
            kernel.freePfn(l3);
            kernel.freePfn(l2);
            return rc;
        }
        l3Pfn = l3;
        l2Pfn = l2;
        return 0;
    }

    /** Builds L1 number {@code j} and hooks it into the L2, once. */
    private long ensureL1(int j) {
        if (l1Pfns[j] != NONE) {
            return 0;
        }
        long l1 = kernel.allocPfn();
        if (l1 == Kernel.NO_PAGE) {
            return Errno.ENOMEM.neg();
        }
        cpu.write(kernel.va(l1), ZERO_PAGE, 0, PAGE_SIZE);
        kernel.makeReadOnly(cpu, l1);
        long l2Entry = (kernel.mfn(l2Pfn) << PAGE_SHIFT) + (long) (X86Paging.tableIndex(BASE, 2) + j) * ENTRY_SIZE;
        long rc = hypercalls()
                .mmuUpdate(l2Entry, X86Paging.entry(kernel.mfn(l1), StartOfDayLayout.UPPER_PROT), DomId.DOMID_SELF);
        if (rc != 0) {
            kernel.makeWritable(cpu, l1);
            kernel.freePfn(l1);
            return rc;
        }
        l1Pfns[j] = l1;
        return 0;
    }

    private void putEntry(int index, long mfn) {
        LittleEndian.putI64(table, index * ENTRY_SIZE, X86Paging.entry(mfn, StartOfDayLayout.UPPER_PROT));
    }

    private void freeIfAllocated(long pfn) {
        if (pfn != Kernel.NO_PAGE) {
            kernel.freePfn(pfn);
        }
    }
}
