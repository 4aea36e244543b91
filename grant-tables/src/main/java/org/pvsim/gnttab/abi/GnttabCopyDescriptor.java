package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_copy} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_copy}: copies {@code len} bytes from source to dest, each named by a grant reference ({@code GNTCOPY_*_gref}) or, for the caller's own memory, a frame.
 */
public final class GnttabCopyDescriptor {
    /** {@code source.u}: {@code grant_ref_t ref} (low 32 bits) or {@code xen_pfn_t gmfn}. */
    public static final int SOURCE_U_OFFSET = 0;
    /** {@code source.domid}. */
    public static final int SOURCE_DOMID_OFFSET = 8;
    /** {@code source.offset}. */
    public static final int SOURCE_OFFSET_OFFSET = 10;
    /** {@code dest.u}: {@code ref} or {@code gmfn}. */
    public static final int DEST_U_OFFSET = 16;
    /** {@code dest.domid}. */
    public static final int DEST_DOMID_OFFSET = 24;
    /** {@code dest.offset}. */
    public static final int DEST_OFFSET_OFFSET = 26;
    /** {@code uint16_t len}. */
    public static final int LEN_OFFSET = 32;
    /** {@code uint16_t flags}: {@code GNTCOPY_*}. */
    public static final int FLAGS_OFFSET = 34;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 36;
    /** {@code sizeof(struct gnttab_copy)}. */
    public static final int SIZE = 40;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_copy")
            .field("source.u", SOURCE_U_OFFSET, CType.UINT64)
            .field("source.domid", SOURCE_DOMID_OFFSET, CType.DOMID)
            .field("source.offset", SOURCE_OFFSET_OFFSET, CType.UINT16)
            .field("dest.u", DEST_U_OFFSET, CType.UINT64)
            .field("dest.domid", DEST_DOMID_OFFSET, CType.DOMID)
            .field("dest.offset", DEST_OFFSET_OFFSET, CType.UINT16)
            .field("len", LEN_OFFSET, CType.UINT16)
            .field("flags", FLAGS_OFFSET, CType.UINT16)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabCopyDescriptor() {}
}
