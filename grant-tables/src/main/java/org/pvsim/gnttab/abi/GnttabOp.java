package org.pvsim.gnttab.abi;

/**
 * {@code grant_table_op} commands ({@code GNTTABOP_*}, {@code xen/include/public/grant_table.h}): the first argument
 * of hypercall {@code grant_table_op} (20); the second is the address of an array of the command's structure and the
 * third the number of elements.
 */
public enum GnttabOp {
    GNTTABOP_map_grant_ref(0),
    GNTTABOP_unmap_grant_ref(1),
    GNTTABOP_setup_table(2),
    GNTTABOP_dump_table(3),
    GNTTABOP_transfer(4),
    GNTTABOP_copy(5),
    GNTTABOP_query_size(6),
    GNTTABOP_unmap_and_replace(7),
    GNTTABOP_set_version(8),
    GNTTABOP_get_status_frames(9),
    GNTTABOP_get_version(10),
    GNTTABOP_swap_grant_ref(11),
    GNTTABOP_cache_flush(12);

    /**
     * The bits of the command word that hold the command ({@code GNTTABOP_CMD_MASK}); the bits above carry a
     * continuation's progress ({@code GNTTABOP_CONTINUATION_ARG_SHIFT}, {@code xen/common/grant_table.c}).
     */
    public static final int GNTTABOP_CMD_MASK = (1 << 12) - 1;

    /** Where a continued batch keeps how far it got, in the command word ({@code GNTTABOP_CONTINUATION_ARG_SHIFT}). */
    public static final int GNTTABOP_CONTINUATION_ARG_SHIFT = 12;

    private static final GnttabOp[] BY_CODE = new GnttabOp[12 + 1];

    static {
        for (GnttabOp c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    GnttabOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static GnttabOp ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
