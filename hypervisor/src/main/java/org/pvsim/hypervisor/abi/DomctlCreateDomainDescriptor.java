package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_createdomain} ({@code xen/include/public/domctl.h}): {@code u.createdomain} of {@code
 * XEN_DOMCTL_createdomain}, with the x86 {@code struct xen_arch_domainconfig} ({@link XenArchDomainconfigDescriptor})
 * at its end. Every field is an input; the new domain's id comes back in {@code xen_domctl.domain}.
 *
 * <p>{@code sanitise_domain_config} ({@code common/domain.c}) rejects with {@code -EINVAL}: unknown {@code flags}
 * ({@link CreateDomainFlags#isValid(int)}), {@code grant_opts} outside {@link #XEN_DOMCTL_GRANT_version_mask},
 * {@code max_vcpus} of 0, and {@code iommu_opts} without {@code XEN_DOMCTL_CDF_iommu}. For {@code max_grant_frames}
 * and {@code max_maptrack_frames}, a negative value means Xen's default.
 */
public final class DomctlCreateDomainDescriptor {
    /** {@code uint32_t ssidref}: XSM security label. */
    public static final int SSIDREF_OFFSET = 0;
    /** {@code xen_domain_handle_t handle}: the domain's UUID. */
    public static final int HANDLE_OFFSET = 4;
    /** {@code uint32_t flags}: {@link CreateDomainFlags}. */
    public static final int FLAGS_OFFSET = 20;
    /** {@code uint32_t iommu_opts}: {@code XEN_DOMCTL_IOMMU_*}. */
    public static final int IOMMU_OPTS_OFFSET = 24;
    /** {@code uint32_t max_vcpus}. */
    public static final int MAX_VCPUS_OFFSET = 28;
    /** {@code uint32_t max_evtchn_port}: the highest event-channel port the domain may use. */
    public static final int MAX_EVTCHN_PORT_OFFSET = 32;
    /** {@code int32_t max_grant_frames}: negative for Xen's default. */
    public static final int MAX_GRANT_FRAMES_OFFSET = 36;
    /** {@code int32_t max_maptrack_frames}: negative for Xen's default. */
    public static final int MAX_MAPTRACK_FRAMES_OFFSET = 40;
    /** {@code uint32_t grant_opts}: the grant-table version in bits 3:0. */
    public static final int GRANT_OPTS_OFFSET = 44;
    /** Start of {@code struct { uint16_t opts; uint16_t nr; } altp2m}. */
    public static final int ALTP2M_OFFSET = 48;
    /** {@code uint16_t altp2m.opts}: {@code XEN_DOMCTL_ALTP2M_*} mode in bits 1:0. */
    public static final int ALTP2M_OPTS_OFFSET = 48;
    /** {@code uint16_t altp2m.nr}: number of altp2m views. */
    public static final int ALTP2M_NR_OFFSET = 50;
    /** {@code uint32_t vmtrace_size}: per-vCPU trace buffer bytes, 0 for none. */
    public static final int VMTRACE_SIZE_OFFSET = 52;
    /** {@code uint32_t cpupool_id}: the CPU pool, 0 for the default. */
    public static final int CPUPOOL_ID_OFFSET = 56;
    /** Start of {@code struct xen_arch_domainconfig arch}. */
    public static final int ARCH_OFFSET = 60;
    /** {@code uint32_t arch.emulation_flags}. */
    public static final int ARCH_EMULATION_FLAGS_OFFSET =
            ARCH_OFFSET + XenArchDomainconfigDescriptor.EMULATION_FLAGS_OFFSET;
    /** {@code uint32_t arch.misc_flags}. */
    public static final int ARCH_MISC_FLAGS_OFFSET = ARCH_OFFSET + XenArchDomainconfigDescriptor.MISC_FLAGS_OFFSET;
    /** {@code sizeof(struct xen_domctl_createdomain)} on x86 (4-byte aligned: no 64-bit member). */
    public static final int SIZE = 68;

    /** {@code XEN_DOMCTL_GRANT_version_mask}: {@code grant_opts} bits that hold the maximum grant version. */
    public static final int XEN_DOMCTL_GRANT_version_mask = 0xF;
    /** {@code XEN_DOMCTL_IOMMU_no_sharept}: do not share page tables between the CPU and the IOMMU. */
    public static final int XEN_DOMCTL_IOMMU_no_sharept = 1 << 0;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_createdomain")
            .field("ssidref", SSIDREF_OFFSET, CType.UINT32)
            .field("handle", HANDLE_OFFSET, CType.XEN_DOMAIN_HANDLE)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .field("iommu_opts", IOMMU_OPTS_OFFSET, CType.UINT32)
            .field("max_vcpus", MAX_VCPUS_OFFSET, CType.UINT32)
            .field("max_evtchn_port", MAX_EVTCHN_PORT_OFFSET, CType.UINT32)
            .field("max_grant_frames", MAX_GRANT_FRAMES_OFFSET, CType.INT32)
            .field("max_maptrack_frames", MAX_MAPTRACK_FRAMES_OFFSET, CType.INT32)
            .field("grant_opts", GRANT_OPTS_OFFSET, CType.UINT32)
            .field("altp2m.opts", ALTP2M_OPTS_OFFSET, CType.UINT16)
            .field("altp2m.nr", ALTP2M_NR_OFFSET, CType.UINT16)
            .field("vmtrace_size", VMTRACE_SIZE_OFFSET, CType.UINT32)
            .field("cpupool_id", CPUPOOL_ID_OFFSET, CType.UINT32)
            .embed("arch", ARCH_OFFSET, XenArchDomainconfigDescriptor.LAYOUT)
            .build(SIZE);

    private DomctlCreateDomainDescriptor() {}

    /** The grant-table version in {@code grant_opts} ({@code XEN_DOMCTL_GRANT_version}). */
    public static int grantVersion(int grantOpts) {
        return grantOpts & XEN_DOMCTL_GRANT_version_mask;
    }

    /** Whether {@code grant_opts} has no bit outside the version field (else Xen returns {@code -EINVAL}). */
    public static boolean isValidGrantOpts(int grantOpts) {
        return (grantOpts & ~XEN_DOMCTL_GRANT_version_mask) == 0;
    }

    /** Whether Xen accepts {@code max_vcpus}: at least 1 (Xen also caps it by its own limits). */
    public static boolean isValidMaxVcpus(long maxVcpus) {
        return maxVcpus >= 1;
    }
}
