package org.pvsim.hypervisor.abi;

/**
 * {@code memory_op} commands ({@code XENMEM_*}, {@code xen/include/public/memory.h}). The low {@link #MEMOP_EXTENT_SHIFT} bits of the
 * command word hold the command; the bits above hold the extent to start from when a call is continued.
 */
public enum MemoryOp {
    XENMEM_increase_reservation(0),
    XENMEM_decrease_reservation(1),
    XENMEM_maximum_ram_page(2),
    XENMEM_current_reservation(3),
    XENMEM_maximum_reservation(4),
    XENMEM_machphys_mfn_list(5),
    XENMEM_populate_physmap(6),
    XENMEM_add_to_physmap(7),
    XENMEM_memory_map(9),
    XENMEM_machine_memory_map(10),
    XENMEM_exchange(11),
    XENMEM_machphys_mapping(12),
    XENMEM_set_memory_map(13),
    XENMEM_maximum_gpfn(14),
    XENMEM_remove_from_physmap(15),
    XENMEM_claim_pages(24),
    XENMEM_get_vnumainfo(26),
    XENMEM_reserved_device_memory_map(27),
    XENMEM_acquire_resource(28),
    XENMEM_get_sharing_freed_pages(18),
    XENMEM_get_sharing_shared_pages(19);

    private static final MemoryOp[] BY_CODE = new MemoryOp[28 + 1];

    static {
        for (MemoryOp c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    MemoryOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static MemoryOp ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The command word's low bits: {@code cmd & MEMOP_CMD_MASK} is the command. */
    public static final int MEMOP_EXTENT_SHIFT = 6;

    /** Mask of the command in the command word. */
    public static final long MEMOP_CMD_MASK = (1L << MEMOP_EXTENT_SHIFT) - 1;
}
