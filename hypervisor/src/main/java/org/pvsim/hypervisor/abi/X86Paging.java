package org.pvsim.hypervisor.abi;

/**
 * x86-64 4-level paging as a PV guest sees it: page size, the index of a virtual address at each level, and the
 * layout of a page-table entry ({@code xen/arch/x86/include/asm/page.h}, {@code x86_64/page.h}).
 *
 * <p>An entry is 64 bits: flags in bits 0-11 and 52-63, the machine frame number in bits 12-51. Xen validates the
 * flags in its 24-bit form ({@link #flags24(long)}): bits 0-11 as they are, PTE bits 52-63 as bits 12-23.
 */
public final class X86Paging {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_MASK = ~((long) PAGE_SIZE - 1);
    /** Entries in one page table of any level. */
    public static final int ENTRIES_PER_TABLE = 512;
    /** Bytes in one page-table entry. */
    public static final int ENTRY_SIZE = 8;

    public static final int L1_PAGETABLE_SHIFT = 12;
    public static final int L2_PAGETABLE_SHIFT = 21;
    public static final int L3_PAGETABLE_SHIFT = 30;
    public static final int L4_PAGETABLE_SHIFT = 39;

    /** Bits 12-51: the machine address part of an entry. */
    public static final long PADDR_FRAME_MASK = 0x000F_FFFF_FFFF_F000L;

    // Entry flags (PTE bits 0-11).
    public static final int _PAGE_PRESENT = 0x001;
    public static final int _PAGE_RW = 0x002;
    public static final int _PAGE_USER = 0x004;
    public static final int _PAGE_PWT = 0x008;
    public static final int _PAGE_PCD = 0x010;
    public static final int _PAGE_ACCESSED = 0x020;
    public static final int _PAGE_DIRTY = 0x040;
    public static final int _PAGE_PAT = 0x080;
    /** In an L2 or L3 entry: a superpage. The same bit as {@link #_PAGE_PAT}. */
    public static final int _PAGE_PSE = 0x080;

    public static final int _PAGE_GLOBAL = 0x100;
    public static final int _PAGE_AVAIL = 0xE00;
    // 24-bit flag form (PTE bits 52-63 appear as bits 12-23).
    /** PTE bits 52-62, available to software. */
    public static final int _PAGE_AVAIL_HIGH = 0x7FF << 12;
    /** PTE bit 62: Xen marks grant mappings with it in debug builds; a guest may never set it. */
    public static final int _PAGE_GNTTAB = 1 << 22;
    /**
     * PTE bit 52 ({@code _PAGE_GUEST_KERNEL}, {@code x86_64/page.h}): Xen marks a 64-bit PV guest's kernel mappings
     * with it, since {@code _PAGE_USER} is set in all of them ({@code adjust_guest_l1e}).
     */
    public static final int _PAGE_GUEST_KERNEL = 1 << 12;
    /** PTE bit 63: no-execute. */
    public static final int _PAGE_NX = 1 << 23;

    /** The PTE bit that {@link #_PAGE_NX} stands for. */
    public static final long PTE_NX = 1L << 63;

    /**
     * Flags a PV guest may set in any entry ({@code base_disallow_mask} is the complement,
     * {@code arch_init_memory} in {@code x86/mm.c}).
     */
    public static final int BASE_ALLOWED_FLAGS = _PAGE_PRESENT
            | _PAGE_RW
            | _PAGE_USER
            | _PAGE_ACCESSED
            | _PAGE_DIRTY
            | _PAGE_AVAIL
            | _PAGE_AVAIL_HIGH
            | _PAGE_NX;
    /** {@code base_disallow_mask}: flags refused in L2-L4 entries. */
    public static final int BASE_DISALLOW_MASK = ~BASE_ALLOWED_FLAGS & 0xFF_FFFF;
    /** {@code L1_DISALLOW_MASK}: the base mask, plus {@code _PAGE_GNTTAB}, minus {@code _PAGE_GLOBAL}. */
    public static final int L1_DISALLOW_MASK = (BASE_DISALLOW_MASK | _PAGE_GNTTAB) & ~_PAGE_GLOBAL;
    /** {@code L2_DISALLOW_MASK}. */
    public static final int L2_DISALLOW_MASK = BASE_DISALLOW_MASK;
    /** {@code l3_disallow_mask} for a 64-bit PV guest. */
    public static final int L3_DISALLOW_MASK = BASE_DISALLOW_MASK;
    /** {@code L4_DISALLOW_MASK}. */
    public static final int L4_DISALLOW_MASK = BASE_DISALLOW_MASK;

    private X86Paging() {}

    /** The machine frame an entry points to. */
    public static long mfn(long pte) {
        return (pte & PADDR_FRAME_MASK) >>> PAGE_SHIFT;
    }

    /** The flags of an entry in Xen's 24-bit form ({@code get_pte_flags}). */
    public static int flags24(long pte) {
        return (int) (((pte >>> 40) & ~0xFFFL) | (pte & 0xFFF));
    }

    /** Builds an entry from a frame number and 24-bit flags ({@code l1e_from_pfn}). */
    public static long entry(long mfn, int flags24) {
        return (mfn << PAGE_SHIFT) & PADDR_FRAME_MASK | ((long) (flags24 & ~0xFFF) << 40) | (flags24 & 0xFFF);
    }

    /** Whether an entry's present bit is set. */
    public static boolean isPresent(long pte) {
        return (pte & _PAGE_PRESENT) != 0;
    }

    /** Whether an entry's writable bit is set. */
    public static boolean isWritable(long pte) {
        return (pte & _PAGE_RW) != 0;
    }

    /** The index of {@code va} in a table of the given level (1-4). */
    public static int tableIndex(long va, int level) {
        return (int) ((va >>> (PAGE_SHIFT + 9 * (level - 1))) & (ENTRIES_PER_TABLE - 1));
    }

    /** Whether {@code va} is canonical: bits 63-47 all equal. */
    public static boolean isCanonical(long va) {
        return (va >> 47) == 0 || (va >> 47) == -1;
    }
}
