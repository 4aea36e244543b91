package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_cache_flush} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_cache_flush} (meaningful on Arm; x86 Xen answers {@code -EOPNOTSUPP}).
 */
public final class GnttabCacheFlushDescriptor {
    /** {@code a}: {@code dev_bus_addr}, or {@code grant_ref_t ref} with {@code GNTTAB_CACHE_SOURCE_GREF}. */
    public static final int A_OFFSET = 0;
    /** {@code uint16_t offset}. */
    public static final int OFFSET_OFFSET = 8;
    /** {@code uint16_t length}. */
    public static final int LENGTH_OFFSET = 10;
    /** {@code uint32_t op}: {@code GNTTAB_CACHE_*}. */
    public static final int OP_OFFSET = 12;
    /** {@code sizeof(struct gnttab_cache_flush)}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_cache_flush")
            .field("a", A_OFFSET, CType.UINT64)
            .field("offset", OFFSET_OFFSET, CType.UINT16)
            .field("length", LENGTH_OFFSET, CType.UINT16)
            .field("op", OP_OFFSET, CType.UINT32)
            .build(SIZE);

    private GnttabCacheFlushDescriptor() {}
}
