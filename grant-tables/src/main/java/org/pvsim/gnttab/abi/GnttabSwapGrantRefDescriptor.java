package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_swap_grant_ref} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_swap_grant_ref}: swaps two of the caller's unused entries.
 */
public final class GnttabSwapGrantRefDescriptor {
    /** {@code grant_ref_t ref_a} (IN). */
    public static final int REF_A_OFFSET = 0;
    /** {@code grant_ref_t ref_b} (IN). */
    public static final int REF_B_OFFSET = 4;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 8;
    /** {@code sizeof(struct gnttab_swap_grant_ref)}. */
    public static final int SIZE = 12;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_swap_grant_ref")
            .field("ref_a", REF_A_OFFSET, CType.UINT32)
            .field("ref_b", REF_B_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabSwapGrantRefDescriptor() {}
}
