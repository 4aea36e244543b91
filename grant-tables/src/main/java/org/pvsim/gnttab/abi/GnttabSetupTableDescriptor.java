package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_setup_table} ({@code xen/include/public/grant_table.h}): the argument of {@code GNTTABOP_setup_table}: grows {@code dom}'s table to {@code nr_frames} frames and lists them.
 */
public final class GnttabSetupTableDescriptor {
    /** {@code domid_t dom} (IN). */
    public static final int DOM_OFFSET = 0;
    /** {@code uint32_t nr_frames} (IN). */
    public static final int NR_FRAMES_OFFSET = 4;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 8;
    /** {@code XEN_GUEST_HANDLE(xen_pfn_t) frame_list} (OUT): where the frame numbers go. */
    public static final int FRAME_LIST_OFFSET = 16;
    /** {@code sizeof(struct gnttab_setup_table)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_setup_table")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("nr_frames", NR_FRAMES_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.INT16)
            .field("frame_list", FRAME_LIST_OFFSET, CType.UINT64)
            .build(SIZE);

    private GnttabSetupTableDescriptor() {}
}
