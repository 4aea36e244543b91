package org.pvsim.hypervisor.journal;

import org.pvsim.hypervisor.abi.Errno;

/**
 * Names of the grant-table numbers a GNTTAB record holds, for the dump and for divergence reports: the {@code
 * GNTTABOP_*} commands and {@code GNTST_*} statuses of {@code xen/include/public/grant_table.h}. The hypervisor may not
 * depend on the grant-tables module, so it keeps this small table of its own; the module's {@code abi} package has
 * the same numbers.
 */
final class GnttabNames {
    private static final String[] OPS = {
        "GNTTABOP_map_grant_ref",
        "GNTTABOP_unmap_grant_ref",
        "GNTTABOP_setup_table",
        "GNTTABOP_dump_table",
        "GNTTABOP_transfer",
        "GNTTABOP_copy",
        "GNTTABOP_query_size",
        "GNTTABOP_unmap_and_replace",
        "GNTTABOP_set_version",
        "GNTTABOP_get_status_frames",
        "GNTTABOP_get_version",
        "GNTTABOP_swap_grant_ref",
        "GNTTABOP_cache_flush",
    };

    /** {@code GNTST_*} names by {@code -status}: {@code GNTST_okay} is 0, {@code GNTST_no_space} -13. */
    private static final String[] STATUSES = {
        "GNTST_okay",
        "GNTST_general_error",
        "GNTST_bad_domain",
        "GNTST_bad_gntref",
        "GNTST_bad_handle",
        "GNTST_bad_virt_addr",
        "GNTST_bad_dev_addr",
        "GNTST_no_device_space",
        "GNTST_permission_denied",
        "GNTST_bad_page",
        "GNTST_bad_copy_arg",
        "GNTST_address_too_big",
        "GNTST_eagain",
        "GNTST_no_space",
    };

    private GnttabNames() {}

    /** The {@code GNTTABOP_*} name of {@code op}, or {@code "GNTTABOP <n>"} for a number Xen does not define. */
    static String op(int op) {
        return op >= 0 && op < OPS.length ? OPS[op] : "GNTTABOP " + op;
    }

    /**
     * What a GNTTAB record's {@code ref} field holds for {@code op} (the grant tables' convention, {@code
     * SubsystemJournal#gnttab}): the handle of an unmap, the source (reference or frame) of a copy, the frames asked of
     * setup_table and get_status_frames, the version asked of set_version, the first reference of a swap, else a grant
     * reference.
     */
    static String refLabel(int op) {
        switch (op) {
            case 1:
            case 7:
                return "handle";
            case 5:
                return "source";
            case 2:
            case 9:
                return "frames";
            case 8:
                return "asked";
            case 11:
                return "ref_a";
            default:
                return "ref";
        }
    }

    /**
     * What a GNTTAB record's {@code arg} field holds for {@code op}: the handle a map returned, the frame a transfer
     * gave, the bytes a copy moved, the table size query_size reported, the version in force after set_version or
     * get_version, the second reference of a swap, else nothing (0).
     */
    static String argLabel(int op) {
        switch (op) {
            case 0:
                return "handle";
            case 4:
                return "mfn";
            case 5:
                return "len";
            case 6:
                return "frames";
            case 8:
            case 10:
                return "version";
            case 11:
                return "ref_b";
            default:
                return "arg";
        }
    }

    /**
     * The name of a GNTTAB record's status: a {@code GNTST_*} name for 0 to -13, else the errno it is ({@code
     * -EFAULT} of a whole call) or the number itself.
     */
    static String status(int status) {
        if (status <= 0 && status > -STATUSES.length) {
            return STATUSES[-status];
        }
        return Errno.describe(status);
    }
}
