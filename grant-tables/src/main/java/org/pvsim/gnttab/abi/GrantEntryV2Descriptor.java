package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code union grant_entry_v2} ({@code xen/include/public/grant_table.h}): a version-2 grant entry, 256 to a 4 KiB frame: a header and the full-page, sub-page or transitive form chosen by the type and {@code GTF_sub_page}. The status bits live in separate {@code grant_status_t} frames.
 */
public final class GrantEntryV2Descriptor {
    /** {@code hdr.flags}: the type and {@code GTF_*} flags (no status bits in v2). */
    public static final int HDR_FLAGS_OFFSET = 0;
    /** {@code hdr.domid}: the domain being granted access. */
    public static final int HDR_DOMID_OFFSET = 2;
    /** {@code sub_page.page_off}: first byte of a sub-page grant. */
    public static final int SUB_PAGE_PAGE_OFF_OFFSET = 4;
    /** {@code sub_page.length}: bytes of a sub-page grant. */
    public static final int SUB_PAGE_LENGTH_OFFSET = 6;
    /** {@code transitive.trans_domid}: the domain whose grant this one passes on. */
    public static final int TRANSITIVE_TRANS_DOMID_OFFSET = 4;
    /** {@code transitive.gref}: the grant reference in {@code trans_domid}. */
    public static final int TRANSITIVE_GREF_OFFSET = 8;
    /** {@code full_page.frame} (also {@code sub_page.frame}): the frame granted. */
    public static final int FULL_PAGE_FRAME_OFFSET = 8;
    /** {@code sizeof(union grant_entry_v2)}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("grant_entry_v2")
            .field("hdr.flags", HDR_FLAGS_OFFSET, CType.UINT16)
            .field("hdr.domid", HDR_DOMID_OFFSET, CType.DOMID)
            .field("sub_page.page_off", SUB_PAGE_PAGE_OFF_OFFSET, CType.UINT16)
            .field("sub_page.length", SUB_PAGE_LENGTH_OFFSET, CType.UINT16)
            .field("transitive.trans_domid", TRANSITIVE_TRANS_DOMID_OFFSET, CType.DOMID)
            .field("transitive.gref", TRANSITIVE_GREF_OFFSET, CType.UINT32)
            .field("full_page.frame", FULL_PAGE_FRAME_OFFSET, CType.UINT64)
            .build(SIZE);

    private GrantEntryV2Descriptor() {}
}
