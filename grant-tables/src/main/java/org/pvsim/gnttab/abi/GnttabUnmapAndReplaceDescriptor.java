package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_unmap_and_replace} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_unmap_and_replace}: unmaps {@code handle} at {@code host_addr} and moves the PTE at {@code new_addr} there.
 */
public final class GnttabUnmapAndReplaceDescriptor {
    /** {@code uint64_t host_addr} (IN). */
    public static final int HOST_ADDR_OFFSET = 0;
    /** {@code uint64_t new_addr} (IN): its PTE is stolen (zapped) and put at {@code host_addr}. */
    public static final int NEW_ADDR_OFFSET = 8;
    /** {@code grant_handle_t handle} (IN). */
    public static final int HANDLE_OFFSET = 16;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 20;
    /** {@code sizeof(struct gnttab_unmap_and_replace)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_unmap_and_replace")
            .field("host_addr", HOST_ADDR_OFFSET, CType.UINT64)
            .field("new_addr", NEW_ADDR_OFFSET, CType.UINT64)
            .field("handle", HANDLE_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabUnmapAndReplaceDescriptor() {}
}
