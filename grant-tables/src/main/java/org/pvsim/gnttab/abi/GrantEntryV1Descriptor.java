package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct grant_entry_v1} ({@code xen/include/public/grant_table.h}): a version-1 grant entry in the granting domain's grant frames, 512 to a 4 KiB frame. The guest writes {@code domid}, then {@code frame}, then (after a write barrier) {@code flags}; Xen sets {@code GTF_reading}/{@code GTF_writing} while the entry is pinned.
 */
public final class GrantEntryV1Descriptor {
    /** {@code uint16_t flags}: the type ({@code GTF_type_mask}) and {@code GTF_*} flags [XEN,GST]. */
    public static final int FLAGS_OFFSET = 0;
    /** {@code domid_t domid}: the domain being granted access [GST]. */
    public static final int DOMID_OFFSET = 2;
    /** {@code uint32_t frame}: the frame granted or accepted; after a completed transfer, the MFN transferred [GST,XEN]. */
    public static final int FRAME_OFFSET = 4;
    /** {@code sizeof(struct grant_entry_v1)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("grant_entry_v1")
            .field("flags", FLAGS_OFFSET, CType.UINT16)
            .field("domid", DOMID_OFFSET, CType.DOMID)
            .field("frame", FRAME_OFFSET, CType.UINT32)
            .build(SIZE);

    private GrantEntryV1Descriptor() {}
}
