package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_query_size} ({@code xen/include/public/grant_table.h}): the argument of {@code GNTTABOP_query_size}.
 */
public final class GnttabQuerySizeDescriptor {
    /** {@code domid_t dom} (IN). */
    public static final int DOM_OFFSET = 0;
    /** {@code uint32_t nr_frames} (OUT): the table's current size in frames. */
    public static final int NR_FRAMES_OFFSET = 4;
    /** {@code uint32_t max_nr_frames} (OUT): its limit. */
    public static final int MAX_NR_FRAMES_OFFSET = 8;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 12;
    /** {@code sizeof(struct gnttab_query_size)}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_query_size")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("nr_frames", NR_FRAMES_OFFSET, CType.UINT32)
            .field("max_nr_frames", MAX_NR_FRAMES_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabQuerySizeDescriptor() {}
}
