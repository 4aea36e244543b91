package org.pvsim.hypervisor.abi;

/**
 * The parts of a 64-bit PV guest's virtual address space that Xen owns ({@code xen/include/public/arch-x86/xen-x86_64.h}).
 * L4 slots 256-271 belong to Xen: a guest cannot write them, and the read-only machine-to-phys table is visible there.
 */
public final class XenAddressSpace {
    public static final long HYPERVISOR_VIRT_START = 0xFFFF_8000_0000_0000L;
    public static final long HYPERVISOR_VIRT_END = 0xFFFF_8800_0000_0000L;
    /** Start of the read-only M2P table: one 8-byte pseudo-physical frame number per machine frame. */
    public static final long MACH2PHYS_VIRT_START = 0xFFFF_8000_0000_0000L;

    public static final long MACH2PHYS_VIRT_END = 0xFFFF_8040_0000_0000L;
    /** Entries the M2P window can hold. */
    public static final long MACH2PHYS_NR_ENTRIES = (MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >>> 3;
    /** The M2P value of a frame that maps no pseudo-physical page ({@code INVALID_M2P_ENTRY}). */
    public static final long INVALID_M2P_ENTRY = ~0L;

    /** The first L4 slot Xen owns (the slot of {@link #HYPERVISOR_VIRT_START}). */
    public static final int FIRST_XEN_L4_SLOT = X86Paging.tableIndex(HYPERVISOR_VIRT_START, 4);
    /** One past the last L4 slot Xen owns. */
    public static final int END_XEN_L4_SLOT = X86Paging.tableIndex(HYPERVISOR_VIRT_END, 4);

    private XenAddressSpace() {}

    /** Whether a 64-bit PV guest controls this L4 slot ({@code is_guest_l4_slot}). */
    public static boolean isGuestL4Slot(int slot) {
        return slot < FIRST_XEN_L4_SLOT || slot >= END_XEN_L4_SLOT;
    }

    /** Whether {@code va} lies in the range Xen reserves for itself. */
    public static boolean isXenRange(long va) {
        return Long.compareUnsigned(va, HYPERVISOR_VIRT_START) >= 0
                && Long.compareUnsigned(va, HYPERVISOR_VIRT_END) < 0;
    }

    /** Whether {@code va} is one a guest may name in a hypercall: canonical and outside Xen's range ({@code access_ok}). */
    public static boolean isGuestAddress(long va) {
        return X86Paging.isCanonical(va) && !isXenRange(va);
    }
}
