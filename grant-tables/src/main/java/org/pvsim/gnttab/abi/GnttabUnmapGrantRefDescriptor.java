package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_unmap_grant_ref} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_unmap_grant_ref}: undoes the mapping {@code handle} made.
 */
public final class GnttabUnmapGrantRefDescriptor {
    /** {@code uint64_t host_addr} (IN): the address the host mapping was made at (0: none). */
    public static final int HOST_ADDR_OFFSET = 0;
    /** {@code uint64_t dev_bus_addr} (IN): the device address returned by the map (0: none). */
    public static final int DEV_BUS_ADDR_OFFSET = 8;
    /** {@code grant_handle_t handle} (IN). */
    public static final int HANDLE_OFFSET = 16;
    /** {@code int16_t status} (OUT). */
    public static final int STATUS_OFFSET = 20;
    /** {@code sizeof(struct gnttab_unmap_grant_ref)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_unmap_grant_ref")
            .field("host_addr", HOST_ADDR_OFFSET, CType.UINT64)
            .field("dev_bus_addr", DEV_BUS_ADDR_OFFSET, CType.UINT64)
            .field("handle", HANDLE_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private GnttabUnmapGrantRefDescriptor() {}
}
