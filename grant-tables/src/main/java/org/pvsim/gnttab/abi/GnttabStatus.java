package org.pvsim.gnttab.abi;

/**
 * {@code GNTST_*} ({@code xen/include/public/grant_table.h}): the per-element status a grant operation writes into
 * its element's {@code status} field. 0 is success; every failure is negative. The hypercall's own return value is
 * separate (a negative errno for a structural problem).
 */
public enum GnttabStatus {
    /** Normal return. */
    GNTST_okay(0),
    /** General undefined error. */
    GNTST_general_error(-1),
    /** Unrecognised domain id. */
    GNTST_bad_domain(-2),
    /** Unrecognised or inappropriate grant reference. */
    GNTST_bad_gntref(-3),
    /** Unrecognised or inappropriate handle. */
    GNTST_bad_handle(-4),
    /** Inappropriate virtual address to map. */
    GNTST_bad_virt_addr(-5),
    /** Inappropriate device address to unmap. */
    GNTST_bad_dev_addr(-6),
    /** Out of space in the I/O MMU. */
    GNTST_no_device_space(-7),
    /** Not enough privilege for the operation. */
    GNTST_permission_denied(-8),
    /** The page named was invalid for the operation. */
    GNTST_bad_page(-9),
    /** Copy arguments cross a page boundary. */
    GNTST_bad_copy_arg(-10),
    /** Transfer page address too large. */
    GNTST_address_too_big(-11),
    /** The operation is not done; try again. */
    GNTST_eagain(-12),
    /** Out of space (handles and the like). */
    GNTST_no_space(-13);

    private static final GnttabStatus[] BY_NEG_CODE = new GnttabStatus[13 + 1];

    static {
        for (GnttabStatus c : values()) {
            BY_NEG_CODE[-c.code] = c;
        }
    }

    /** The numeric value Xen uses (0 or negative). */
    public final int code;

    GnttabStatus(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static GnttabStatus ofCode(long code) {
        return code <= 0 && code > -BY_NEG_CODE.length ? BY_NEG_CODE[(int) -code] : null;
    }

    /** Xen's name for {@code code} ({@code "GNTST_bad_gntref"}), or the number if Xen has none. */
    public static String nameOf(long code) {
        GnttabStatus s = ofCode(code);
        return s == null ? Long.toString(code) : s.name();
    }
}
