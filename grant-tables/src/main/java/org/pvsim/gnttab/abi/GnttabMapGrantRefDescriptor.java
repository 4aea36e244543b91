package org.pvsim.gnttab.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct gnttab_map_grant_ref} ({@code xen/include/public/grant_table.h}): the element of {@code GNTTABOP_map_grant_ref}: maps grant {@code ref} of {@code dom} at {@code host_addr} (or into the PTE at that machine address with {@code GNTMAP_contains_pte}) and/or for device access.
 */
public final class GnttabMapGrantRefDescriptor {
    /** {@code uint64_t host_addr} (IN): the virtual address, or the PTE's machine address. */
    public static final int HOST_ADDR_OFFSET = 0;
    /** {@code uint32_t flags} (IN): {@code GNTMAP_*}. */
    public static final int FLAGS_OFFSET = 8;
    /** {@code grant_ref_t ref} (IN). */
    public static final int REF_OFFSET = 12;
    /** {@code domid_t dom} (IN): the granting domain. */
    public static final int DOM_OFFSET = 16;
    /** {@code int16_t status} (OUT): a {@code GNTST_*} code. */
    public static final int STATUS_OFFSET = 18;
    /** {@code grant_handle_t handle} (OUT): the maptrack handle to unmap with. */
    public static final int HANDLE_OFFSET = 20;
    /** {@code uint64_t dev_bus_addr} (OUT): the frame's bus address for a device mapping. */
    public static final int DEV_BUS_ADDR_OFFSET = 24;
    /** {@code sizeof(struct gnttab_map_grant_ref)}. */
    public static final int SIZE = 32;

    public static final StructLayout LAYOUT = StructLayout.builder("gnttab_map_grant_ref")
            .field("host_addr", HOST_ADDR_OFFSET, CType.UINT64)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .field("ref", REF_OFFSET, CType.UINT32)
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("status", STATUS_OFFSET, CType.INT16)
            .field("handle", HANDLE_OFFSET, CType.UINT32)
            .field("dev_bus_addr", DEV_BUS_ADDR_OFFSET, CType.UINT64)
            .build(SIZE);

    private GnttabMapGrantRefDescriptor() {}
}
