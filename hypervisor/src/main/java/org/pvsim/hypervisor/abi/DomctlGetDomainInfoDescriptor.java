package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_getdomaininfo} ({@code xen/include/public/domctl.h}): {@code u.getdomaininfo}, the output
 * of {@code XEN_DOMCTL_getdomaininfo}, and also the element type of the array {@code XEN_SYSCTL_getdomaininfolist}
 * fills ({@link SysctlGetDomainInfoListDescriptor}), so {@link #SIZE} is that array's stride. What {@code xl list}
 * prints comes from here: the state flags ({@link DomInfoFlags}), pages, vCPUs and CPU time.
 */
public final class DomctlGetDomainInfoDescriptor {
    /** {@code domid_t domain}: also echoed in {@code xen_domctl.domain}. */
    public static final int DOMAIN_OFFSET = 0;
    /** {@code uint16_t pad1}. */
    public static final int PAD1_OFFSET = 2;
    /** {@code uint32_t flags}: {@link DomInfoFlags}, with the shutdown code in bits 16-23. */
    public static final int FLAGS_OFFSET = 4;
    /** {@code uint64_aligned_t tot_pages}: pages the domain owns. */
    public static final int TOT_PAGES_OFFSET = 8;
    /** {@code uint64_aligned_t max_pages}: its reservation limit. */
    public static final int MAX_PAGES_OFFSET = 16;
    /** {@code uint64_aligned_t outstanding_pages}: claimed but not yet allocated. */
    public static final int OUTSTANDING_PAGES_OFFSET = 24;
    /** {@code uint64_aligned_t shr_pages}: shared pages. */
    public static final int SHR_PAGES_OFFSET = 32;
    /** {@code uint64_aligned_t paged_pages}: paged-out pages. */
    public static final int PAGED_PAGES_OFFSET = 40;
    /** {@code uint64_aligned_t shared_info_frame}: GMFN of the shared-info page. */
    public static final int SHARED_INFO_FRAME_OFFSET = 48;
    /** {@code uint64_aligned_t cpu_time}: total CPU time of all vCPUs, ns. */
    public static final int CPU_TIME_OFFSET = 56;
    /** {@code uint32_t nr_online_vcpus}. */
    public static final int NR_ONLINE_VCPUS_OFFSET = 64;
    /** {@code uint32_t max_vcpu_id}: highest vCPU id in use, or {@link #XEN_INVALID_MAX_VCPU_ID}. */
    public static final int MAX_VCPU_ID_OFFSET = 68;
    /** {@code uint32_t ssidref}. */
    public static final int SSIDREF_OFFSET = 72;
    /** {@code xen_domain_handle_t handle}. */
    public static final int HANDLE_OFFSET = 76;
    /** {@code uint32_t cpupool}. */
    public static final int CPUPOOL_OFFSET = 92;
    /** {@code uint8_t gpaddr_bits}: size of the guest physical address space. */
    public static final int GPADDR_BITS_OFFSET = 96;
    /** {@code uint8_t pad2[7]}. */
    public static final int PAD2_OFFSET = 97;
    /** Start of {@code struct xen_arch_domainconfig arch_config}. */
    public static final int ARCH_CONFIG_OFFSET = 104;
    /** {@code uint32_t arch_config.emulation_flags}. */
    public static final int ARCH_CONFIG_EMULATION_FLAGS_OFFSET =
            ARCH_CONFIG_OFFSET + XenArchDomainconfigDescriptor.EMULATION_FLAGS_OFFSET;
    /** {@code uint32_t arch_config.misc_flags}. */
    public static final int ARCH_CONFIG_MISC_FLAGS_OFFSET =
            ARCH_CONFIG_OFFSET + XenArchDomainconfigDescriptor.MISC_FLAGS_OFFSET;
    /** {@code sizeof(struct xen_domctl_getdomaininfo)} on x86. */
    public static final int SIZE = 112;

    /** {@code XEN_INVALID_MAX_VCPU_ID}: {@code max_vcpu_id} of a domain with no vCPUs ({@code ~0U}). */
    public static final int XEN_INVALID_MAX_VCPU_ID = ~0;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_getdomaininfo")
            .field("domain", DOMAIN_OFFSET, CType.DOMID)
            .field("pad1", PAD1_OFFSET, CType.UINT16)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .field("tot_pages", TOT_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("max_pages", MAX_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("outstanding_pages", OUTSTANDING_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("shr_pages", SHR_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("paged_pages", PAGED_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("shared_info_frame", SHARED_INFO_FRAME_OFFSET, CType.UINT64_ALIGNED)
            .field("cpu_time", CPU_TIME_OFFSET, CType.UINT64_ALIGNED)
            .field("nr_online_vcpus", NR_ONLINE_VCPUS_OFFSET, CType.UINT32)
            .field("max_vcpu_id", MAX_VCPU_ID_OFFSET, CType.UINT32)
            .field("ssidref", SSIDREF_OFFSET, CType.UINT32)
            .field("handle", HANDLE_OFFSET, CType.XEN_DOMAIN_HANDLE)
            .field("cpupool", CPUPOOL_OFFSET, CType.UINT32)
            .field("gpaddr_bits", GPADDR_BITS_OFFSET, CType.UINT8)
            .field("pad2", PAD2_OFFSET, CType.UINT8.array(7))
            .embed("arch_config", ARCH_CONFIG_OFFSET, XenArchDomainconfigDescriptor.LAYOUT)
            .build(SIZE);

    private DomctlGetDomainInfoDescriptor() {}
}
