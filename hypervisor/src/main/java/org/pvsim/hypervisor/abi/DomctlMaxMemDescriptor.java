package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_max_mem} ({@code xen/include/public/domctl.h}): {@code u.max_mem} of {@code
 * XEN_DOMCTL_max_mem}, which sets a domain's reservation limit ({@code max_pages}). The limit is given in KiB.
 */
public final class DomctlMaxMemDescriptor {
    /** {@code uint64_aligned_t max_memkb}: the new limit in KiB. */
    public static final int MAX_MEMKB_OFFSET = 0;
    /** {@code sizeof(struct xen_domctl_max_mem)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_max_mem")
            .field("max_memkb", MAX_MEMKB_OFFSET, CType.UINT64_ALIGNED)
            .build(SIZE);

    private DomctlMaxMemDescriptor() {}

    /** The page limit a {@code max_memkb} value stands for: KiB to 4 KiB pages, rounded down. */
    public static long maxPages(long maxMemKb) {
        return maxMemKb >>> (X86Paging.PAGE_SHIFT - 10);
    }
}
