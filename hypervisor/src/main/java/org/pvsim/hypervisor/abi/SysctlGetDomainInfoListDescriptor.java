package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_sysctl_getdomaininfolist} ({@code xen/include/public/sysctl.h}): {@code u.getdomaininfolist} of
 * {@code XEN_SYSCTL_getdomaininfolist}. Xen fills {@code buffer}, an array of up to {@code max_domains} {@code
 * xen_domctl_getdomaininfo} entries ({@link DomctlGetDomainInfoDescriptor}, stride {@link
 * DomctlGetDomainInfoDescriptor#SIZE}), with the domains whose id is at least {@code first_domain}, in id order, and
 * returns how many in {@code num_domains}.
 */
public final class SysctlGetDomainInfoListDescriptor {
    /** {@code domid_t first_domain}: the lowest id to report. */
    public static final int FIRST_DOMAIN_OFFSET = 0;
    /** {@code uint32_t max_domains}: capacity of {@code buffer}. */
    public static final int MAX_DOMAINS_OFFSET = 4;
    /** {@code XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer}. */
    public static final int BUFFER_OFFSET = 8;
    /** {@code uint32_t num_domains}: out, the number of entries written. */
    public static final int NUM_DOMAINS_OFFSET = 16;
    /** {@code sizeof(struct xen_sysctl_getdomaininfolist)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_sysctl_getdomaininfolist")
            .field("first_domain", FIRST_DOMAIN_OFFSET, CType.DOMID)
            .field("max_domains", MAX_DOMAINS_OFFSET, CType.UINT32)
            .field("buffer", BUFFER_OFFSET, CType.guestHandle64("xen_domctl_getdomaininfo_t"))
            .field("num_domains", NUM_DOMAINS_OFFSET, CType.UINT32)
            .build(SIZE);

    private SysctlGetDomainInfoListDescriptor() {}

    /**
     * The offset of entry {@code index} in {@code buffer}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < maxDomains}
     */
    public static long bufferEntryOffset(int index, int maxDomains) {
        return (long) DomctlGetDomainInfoDescriptor.SIZE
                * ArrayIndex.check("xen_sysctl_getdomaininfolist.buffer", index, maxDomains, "max_domains");
    }
}
