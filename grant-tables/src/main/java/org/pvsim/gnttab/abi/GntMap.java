package org.pvsim.gnttab.abi;

/**
 * The {@code flags} of {@code GNTTABOP_map_grant_ref} ({@code GNTMAP_*}) and of {@code GNTTABOP_copy}
 * ({@code GNTCOPY_*}), {@code xen/include/public/grant_table.h}.
 */
public final class GntMap {
    /** Map for access by I/O devices (returns {@code dev_bus_addr}). */
    public static final int GNTMAP_device_map = 1 << 0;
    /** Map for access by host CPUs, at {@code host_addr}. */
    public static final int GNTMAP_host_map = 1 << 1;
    /** Read-only access. */
    public static final int GNTMAP_readonly = 1 << 2;
    /** The host mapping is usable by the current application too ({@code _PAGE_USER}). */
    public static final int GNTMAP_application_map = 1 << 3;
    /** {@code host_addr} is the machine address of the PTE to write, not a virtual address. */
    public static final int GNTMAP_contains_pte = 1 << 4;
    /** The first of the bits copied into the PTE's available bits ({@code _GNTMAP_guest_avail0}). */
    public static final int GNTMAP_guest_avail0_shift = 16;
    /** {@code GNTMAP_guest_avail_mask}. */
    public static final int GNTMAP_guest_avail_mask = ~0 << GNTMAP_guest_avail0_shift;

    /** {@code GNTCOPY_source_gref}: the source is a grant reference, not a frame. */
    public static final int GNTCOPY_source_gref = 1 << 0;
    /** {@code GNTCOPY_dest_gref}: the destination is a grant reference, not a frame. */
    public static final int GNTCOPY_dest_gref = 1 << 1;

    /** {@code GNTTAB_CACHE_CLEAN}. */
    public static final int GNTTAB_CACHE_CLEAN = 1 << 0;
    /** {@code GNTTAB_CACHE_INVAL}. */
    public static final int GNTTAB_CACHE_INVAL = 1 << 1;
    /** {@code GNTTAB_CACHE_SOURCE_GREF}. */
    public static final int GNTTAB_CACHE_SOURCE_GREF = 1 << 31;

    private GntMap() {}
}
