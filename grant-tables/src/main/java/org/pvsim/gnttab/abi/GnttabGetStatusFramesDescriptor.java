package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_get_status_frames} ({@code xen/include/public/grant_table.h}): the argument of {@code GNTTABOP_get_status_frames} (version 2 only).
 */
public final class GnttabGetStatusFramesDescriptor {
    /** {@code uint32_t nr_frames} (IN). */
    public static final int NR_FRAMES_OFFSET = 0;
    /** {@code domid_t dom} (IN). */
    public static final int DOM_OFFSET = 4;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 6;
    /** {@code XEN_GUEST_HANDLE(uint64_t) frame_list} (OUT). */
    public static final int FRAME_LIST_OFFSET = 8;
    /** {@code sizeof(struct gnttab_get_status_frames)}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_get_status_frames")
            .field("nr_frames", NR_FRAMES_OFFSET, CType.UINT32)
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("status", STATUS_OFFSET, CType.INT16)
            .field("frame_list", FRAME_LIST_OFFSET, CType.UINT64)
            .build(SIZE);

    private GnttabGetStatusFramesDescriptor() {}
}
