package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_memory_reservation} ({@code xen/include/public/memory.h}): the argument of {@code
 * XENMEM_increase_reservation}, {@code XENMEM_decrease_reservation} and {@code XENMEM_populate_physmap}, and both halves
 * of {@code XENMEM_exchange}.
 *
 * <p>{@code extent_start} is a guest array of {@code nr_extents} frame numbers, each an extent of {@code 2^extent_order}
 * pages: MFNs written out by increase (PV), GMFNs read in by decrease, GPFNs in and GMFNs out for populate. {@code
 * mem_flags} holds the {@code XENMEMF_*} flags: an address-width limit in bits 0-7, a NUMA node + 1 in bits 8-15, and
 * the flag bits below. An unprivileged domain may only name {@code DOMID_SELF} in {@code domid}.
 */
public final class XenMemoryReservationDescriptor {
    /** {@code XEN_GUEST_HANDLE(xen_pfn_t) extent_start}. */
    public static final int EXTENT_START_OFFSET = 0;
    /** {@code xen_ulong_t nr_extents}. */
    public static final int NR_EXTENTS_OFFSET = 8;
    /** {@code unsigned int extent_order}. */
    public static final int EXTENT_ORDER_OFFSET = 16;
    /** {@code unsigned int mem_flags}: {@code XENMEMF_*}. */
    public static final int MEM_FLAGS_OFFSET = 20;
    /** {@code domid_t domid}. */
    public static final int DOMID_OFFSET = 24;
    /** {@code sizeof(struct xen_memory_reservation)} (6 bytes of tail padding). */
    public static final int SIZE = 32;

    /** {@code XENMEMF_populate_on_demand}: populate-on-demand (HVM only). */
    public static final int XENMEMF_populate_on_demand = 1 << 16;
    /** {@code XENMEMF_exact_node_request}: the node in bits 8-15 is a requirement, not a hint. */
    public static final int XENMEMF_exact_node_request = 1 << 17;
    /** {@code XENMEMF_vnode}: the node is a virtual NUMA node of the guest. */
    public static final int XENMEMF_vnode = 1 << 18;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_memory_reservation")
            .field("extent_start", EXTENT_START_OFFSET, CType.guestHandle("xen_pfn_t"))
            .field("nr_extents", NR_EXTENTS_OFFSET, CType.XEN_ULONG)
            .field("extent_order", EXTENT_ORDER_OFFSET, CType.UINT)
            .field("mem_flags", MEM_FLAGS_OFFSET, CType.UINT)
            .field("domid", DOMID_OFFSET, CType.DOMID)
            .build(SIZE);

    private XenMemoryReservationDescriptor() {}

    /** The address-width limit in {@code mem_flags}, 0 for none ({@code XENMEMF_get_address_bits}). */
    public static int addressBits(int memFlags) {
        return memFlags & 0xFF;
    }

    /** The NUMA node in {@code mem_flags}; 0xFF when none is given ({@code XENMEMF_get_node}). */
    public static int node(int memFlags) {
        return ((memFlags >>> 8) - 1) & 0xFF;
    }

    /** {@code mem_flags} bits asking for node {@code node} ({@code XENMEMF_node}). */
    public static int nodeFlags(int node) {
        return (node + 1) << 8;
    }
}
