package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_get_version} ({@code xen/include/public/grant_table.h}): the argument of {@code GNTTABOP_get_version}.
 */
public final class GnttabGetVersionDescriptor {
    /** {@code domid_t dom} (IN). */
    public static final int DOM_OFFSET = 0;
    /** {@code uint16_t pad}. */
    public static final int PAD_OFFSET = 2;
    /** {@code uint32_t version} (OUT). */
    public static final int VERSION_OFFSET = 4;
    /** {@code sizeof(struct gnttab_get_version)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_get_version")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("pad", PAD_OFFSET, CType.UINT16)
            .field("version", VERSION_OFFSET, CType.UINT32)
            .build(SIZE);

    private GnttabGetVersionDescriptor() {}
}
