package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_dump_table} ({@code xen/include/public/grant_table.h}): the argument of {@code GNTTABOP_dump_table} (debugging: prints the table to Xen's console).
 */
public final class GnttabDumpTableDescriptor {
    /** {@code domid_t dom} (IN). */
    public static final int DOM_OFFSET = 0;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 2;
    /** {@code sizeof(struct gnttab_dump_table)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_dump_table")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabDumpTableDescriptor() {}
}
