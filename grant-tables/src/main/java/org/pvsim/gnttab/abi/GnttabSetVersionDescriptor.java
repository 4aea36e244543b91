package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_set_version} ({@code xen/include/public/grant_table.h}): the argument of {@code GNTTABOP_set_version}.
 */
public final class GnttabSetVersionDescriptor {
    /** {@code uint32_t version} (IN/OUT): 1 or 2; the version in force on return. */
    public static final int VERSION_OFFSET = 0;
    /** {@code sizeof(struct gnttab_set_version)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_set_version")
            .field("version", VERSION_OFFSET, CType.UINT32)
            .build(SIZE);

    private GnttabSetVersionDescriptor() {}
}
