package org.pvsim.guest.mm;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRIES_PER_TABLE;
import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.Arrays;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * One gigabyte of the kernel's virtual address space, one L4 slot of its own, handed out a page at a time with the
 * page tables behind it already in place: Linux's {@code alloc_vm_area}, which reserves vmalloc addresses and
 * populates their page tables, so that something else (Xen, for a grant mapping; the kernel, for a foreign or shared
 * frame) writes the L1 entry later. The L1 entry of a reserved page is empty until its user fills it.
 *
 * <p>The area's L3, L2 and L1 tables are the kernel's own pages. Each is filled while still an ordinary writable
 * page, made read-only in the initial mapping, then hooked in with a validated {@code mmu_update}: the L3 into the
 * kernel's pinned L4 (which makes Xen validate the L3 and L2 below it), each L1 into the L2 when the first page it
 * covers is reserved. The tables stay for the kernel's lifetime. Pages are handed out lowest first.
 *
 * <p>Invariant: every page {@link #reserve} returned and {@link #release} has not taken back lies under an L1 table
 * that Xen validated and that is hooked into the kernel's L4; no page is handed out twice. Shared by every vCPU (they
 * all run on the kernel's L4); {@link #bind} names the vCPU acting.
 */
public final class VmArea {
    /** L1 tables an area can hold: one L2's worth. */
    public static final int MAX_L1_TABLES = ENTRIES_PER_TABLE;
    /** Pages an area can hand out at once. */
    public static final int MAX_PAGES = MAX_L1_TABLES * ENTRIES_PER_TABLE;
    /** Bytes of address space an area spans (1 GiB). */
    public static final long SIZE = (long) MAX_PAGES * PAGE_SIZE;

    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];
    private static final long NONE = -1;

    private final long base;
    private final long[] l1Pfns = new long[MAX_L1_TABLES];
    private final long[] used = new long[MAX_PAGES / 64];
    private final byte[] table = new byte[PAGE_SIZE];
    private long l3Pfn = NONE;
    private long l2Pfn = NONE;
    private int reserved;
    private int hint;
    private Kernel kernel;
    private GuestCpu cpu;

    /**
     * An area from {@code base}, with no table yet: they are built on the first {@link #reserve}.
     *
     * @throws IllegalArgumentException unless {@code base} starts an L4 slot (a multiple of 512 GiB)
     */
    public VmArea(long base) {
        if ((base & ((1L << 39) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("a vm area starts an L4 slot, not at %#x", base));
        }
        this.base = base;
        Arrays.fill(l1Pfns, NONE);
    }

    /** Acts as {@code cpu} of {@code kernel} from now on; returns {@code this}. */
    public VmArea bind(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        this.cpu = cpu;
        return this;
    }

    /** The first address of the area. */
    public long base() {
        return base;
    }

    /**
     * Reserves the lowest free page of the area, building the tables over it if needed.
     *
     * @return its virtual address, or a negative errno ({@code -ENOMEM}: no page left in the area or no page for a
     *     table; or Xen's refusal of a table): tell them apart with {@link
     *     org.pvsim.guest.api.ForeignMappings#isError(long)}, the address being negative as a signed number
     */
    public long reserve() {
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
        used[slot >>> 6] |= 1L << slot;
        reserved++;
        return base + (long) slot * PAGE_SIZE;
    }

    /**
     * Takes back a page {@link #reserve} gave; its L1 entry must already be empty again.
     *
     * @throws IllegalArgumentException if {@code va} is not a reserved page of this area (a kernel bug)
     */
    public void release(long va) {
        int slot = slotOf(va);
        used[slot >>> 6] &= ~(1L << slot);
        reserved--;
        if (slot < hint) {
            hint = slot;
        }
    }

    /** Whether {@code va} is a page of this area that is reserved now. */
    public boolean isReserved(long va) {
        long offset = va - base;
        if (offset < 0 || offset >= SIZE || (offset & (PAGE_SIZE - 1)) != 0) {
            return false;
        }
        int slot = (int) (offset >>> PAGE_SHIFT);
        return (used[slot >>> 6] & (1L << slot)) != 0;
    }

    /**
     * The machine address of the L1 entry that maps reserved page {@code va}: the {@code ptr} of an {@code
     * mmu_update} that fills it, or the {@code host_addr} of a {@code GNTMAP_contains_pte} mapping.
     *
     * @throws IllegalArgumentException if {@code va} is not a reserved page of this area
     */
    public long pteMachineAddress(long va) {
        int slot = slotOf(va);
        long l1Mfn = kernel.mfn(l1Pfns[slot / ENTRIES_PER_TABLE]);
        return (l1Mfn << PAGE_SHIFT) + (long) (slot % ENTRIES_PER_TABLE) * ENTRY_SIZE;
    }

    /** Pages reserved now. */
    public int reserved() {
        return reserved;
    }

    private int slotOf(long va) {
        if (!isReserved(va)) {
            throw new IllegalArgumentException(
                    String.format("%#x is not a reserved page of the area at %#x", va, base));
        }
        return (int) ((va - base) >>> PAGE_SHIFT);
    }

    private int lowestFreeSlot() {
        for (int s = hint; s < MAX_PAGES; s++) {
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
        LittleEndian.putI64(
                table,
                X86Paging.tableIndex(base, 3) * ENTRY_SIZE,
                X86Paging.entry(kernel.mfn(l2), StartOfDayLayout.UPPER_PROT));
        cpu.write(kernel.va(l3), table, 0, PAGE_SIZE);
        kernel.makeReadOnly(cpu, l2);
        kernel.makeReadOnly(cpu, l3);
        long l4Entry = (kernel.kernelL4Mfn() << PAGE_SHIFT) + (long) X86Paging.tableIndex(base, 4) * ENTRY_SIZE;
        long rc = kernel.hypercalls(cpu)
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
        long l2Entry = (kernel.mfn(l2Pfn) << PAGE_SHIFT) + (long) (X86Paging.tableIndex(base, 2) + j) * ENTRY_SIZE;
        long rc = kernel.hypercalls(cpu)
                .mmuUpdate(l2Entry, X86Paging.entry(kernel.mfn(l1), StartOfDayLayout.UPPER_PROT), DomId.DOMID_SELF);
        if (rc != 0) {
            kernel.makeWritable(cpu, l1);
            kernel.freePfn(l1);
            return rc;
        }
        l1Pfns[j] = l1;
        return 0;
    }

    private void freeIfAllocated(long pfn) {
        if (pfn != Kernel.NO_PAGE) {
            kernel.freePfn(pfn);
        }
    }
}
