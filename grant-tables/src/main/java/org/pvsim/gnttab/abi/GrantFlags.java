package org.pvsim.gnttab.abi;

/**
 * The {@code flags} word of a grant entry ({@code GTF_*}, {@code xen/include/public/grant_table.h}): a type in bits
 * 0-1 and sub-flags above it. {@code GTF_readonly} and {@code GTF_sub_page} are the granter's; {@code GTF_reading}
 * and {@code GTF_writing} are Xen's, set while the entry is pinned (in v2 they live in the status frames). For a
 * {@code GTF_accept_transfer} entry bits 2 and 3 mean committed and completed.
 */
public final class GrantFlags {
    public static final int GTF_invalid = 0;
    public static final int GTF_permit_access = 1;
    public static final int GTF_accept_transfer = 2;
    public static final int GTF_transitive = 3;
    public static final int GTF_type_mask = 3;

    public static final int GTF_readonly = 1 << 2;
    public static final int GTF_reading = 1 << 3;
    public static final int GTF_writing = 1 << 4;
    public static final int GTF_PWT = 1 << 5;
    public static final int GTF_PCD = 1 << 6;
    public static final int GTF_PAT = 1 << 7;
    public static final int GTF_sub_page = 1 << 8;

    public static final int GTF_transfer_committed = 1 << 2;
    public static final int GTF_transfer_completed = 1 << 3;

    /** {@code GNTTAB_NR_RESERVED_ENTRIES}: references 0-7 are the toolstack's. */
    public static final int GNTTAB_NR_RESERVED_ENTRIES = 8;
    /** {@code GNTTAB_RESERVED_CONSOLE}: the console ring's grant. */
    public static final int GNTTAB_RESERVED_CONSOLE = 0;
    /** {@code GNTTAB_RESERVED_XENSTORE}: the xenstore ring's grant. */
    public static final int GNTTAB_RESERVED_XENSTORE = 1;

    /** Version-1 entries per 4 KiB frame. */
    public static final int V1_ENTRIES_PER_FRAME = 4096 / GrantEntryV1Descriptor.SIZE;
    /** Version-2 entries per 4 KiB frame. */
    public static final int V2_ENTRIES_PER_FRAME = 4096 / GrantEntryV2Descriptor.SIZE;
    /** {@code grant_status_t} entries per 4 KiB status frame. */
    public static final int STATUS_ENTRIES_PER_FRAME = 4096 / 2;

    private GrantFlags() {}
}
