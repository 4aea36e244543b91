package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_sysctl_physinfo} ({@code xen/include/public/sysctl.h}): {@code u.physinfo}, the output of {@code
 * XEN_SYSCTL_physinfo}: the host's CPU topology, clock, capabilities and memory, as {@code xl info} prints them.
 * {@code capabilities} holds the {@code XEN_SYSCTL_PHYSCAP_*} bits below; memory counts are in pages.
 */
public final class SysctlPhysinfoDescriptor {
    /** {@code uint32_t threads_per_core}. */
    public static final int THREADS_PER_CORE_OFFSET = 0;
    /** {@code uint32_t cores_per_socket}. */
    public static final int CORES_PER_SOCKET_OFFSET = 4;
    /** {@code uint32_t nr_cpus}: CPUs online. */
    public static final int NR_CPUS_OFFSET = 8;
    /** {@code uint32_t max_cpu_id}: the largest possible CPU id. */
    public static final int MAX_CPU_ID_OFFSET = 12;
    /** {@code uint32_t nr_nodes}: NUMA nodes online. */
    public static final int NR_NODES_OFFSET = 16;
    /** {@code uint32_t max_node_id}: the largest possible node id. */
    public static final int MAX_NODE_ID_OFFSET = 20;
    /** {@code uint32_t cpu_khz}. */
    public static final int CPU_KHZ_OFFSET = 24;
    /** {@code uint32_t capabilities}: {@code XEN_SYSCTL_PHYSCAP_*}. */
    public static final int CAPABILITIES_OFFSET = 28;
    /** {@code uint32_t arch_capabilities}: architecture-specific capability bits. */
    public static final int ARCH_CAPABILITIES_OFFSET = 32;
    /** {@code uint32_t pad}. */
    public static final int PAD_OFFSET = 36;
    /** {@code uint64_aligned_t total_pages}. */
    public static final int TOTAL_PAGES_OFFSET = 40;
    /** {@code uint64_aligned_t free_pages}. */
    public static final int FREE_PAGES_OFFSET = 48;
    /** {@code uint64_aligned_t scrub_pages}. */
    public static final int SCRUB_PAGES_OFFSET = 56;
    /** {@code uint64_aligned_t outstanding_pages}: claimed by domains but not yet allocated. */
    public static final int OUTSTANDING_PAGES_OFFSET = 64;
    /** {@code uint64_aligned_t max_mfn}: the largest possible MFN. */
    public static final int MAX_MFN_OFFSET = 72;
    /** {@code uint32_t hw_cap[8]}: the CPU feature words. */
    public static final int HW_CAP_OFFSET = 80;
    /** Entries in {@code hw_cap}. */
    public static final int NR_HW_CAP = 8;
    /** {@code sizeof(struct xen_sysctl_physinfo)}. */
    public static final int SIZE = 112;

    /** The host supports HVM guests. */
    public static final int XEN_SYSCTL_PHYSCAP_hvm = 1 << 0;
    /** The host supports PV guests. */
    public static final int XEN_SYSCTL_PHYSCAP_pv = 1 << 1;
    /** The host can give guests direct device access through an IOMMU. */
    public static final int XEN_SYSCTL_PHYSCAP_directio = 1 << 2;
    /** The host supports hardware-assisted paging. */
    public static final int XEN_SYSCTL_PHYSCAP_hap = 1 << 3;
    /** The host supports shadow paging. */
    public static final int XEN_SYSCTL_PHYSCAP_shadow = 1 << 4;
    /** HAP page tables can be shared with the IOMMU. */
    public static final int XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share = 1 << 5;
    /** The host supports vmtrace. */
    public static final int XEN_SYSCTL_PHYSCAP_vmtrace = 1 << 6;
    /** The host supports a virtual PMU. */
    public static final int XEN_SYSCTL_PHYSCAP_vpmu = 1 << 7;
    /** Xen supports grant tables version 1. */
    public static final int XEN_SYSCTL_PHYSCAP_gnttab_v1 = 1 << 8;
    /** Xen supports grant tables version 2. */
    public static final int XEN_SYSCTL_PHYSCAP_gnttab_v2 = 1 << 9;
    /** The highest capability bit Xen defines ({@code XEN_SYSCTL_PHYSCAP_MAX}). */
    public static final int XEN_SYSCTL_PHYSCAP_MAX = XEN_SYSCTL_PHYSCAP_gnttab_v2;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_sysctl_physinfo")
            .field("threads_per_core", THREADS_PER_CORE_OFFSET, CType.UINT32)
            .field("cores_per_socket", CORES_PER_SOCKET_OFFSET, CType.UINT32)
            .field("nr_cpus", NR_CPUS_OFFSET, CType.UINT32)
            .field("max_cpu_id", MAX_CPU_ID_OFFSET, CType.UINT32)
            .field("nr_nodes", NR_NODES_OFFSET, CType.UINT32)
            .field("max_node_id", MAX_NODE_ID_OFFSET, CType.UINT32)
            .field("cpu_khz", CPU_KHZ_OFFSET, CType.UINT32)
            .field("capabilities", CAPABILITIES_OFFSET, CType.UINT32)
            .field("arch_capabilities", ARCH_CAPABILITIES_OFFSET, CType.UINT32)
            .field("pad", PAD_OFFSET, CType.UINT32)
            .field("total_pages", TOTAL_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("free_pages", FREE_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("scrub_pages", SCRUB_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("outstanding_pages", OUTSTANDING_PAGES_OFFSET, CType.UINT64_ALIGNED)
            .field("max_mfn", MAX_MFN_OFFSET, CType.UINT64_ALIGNED)
            .field("hw_cap", HW_CAP_OFFSET, CType.UINT32.array(NR_HW_CAP))
            .build(SIZE);

    private SysctlPhysinfoDescriptor() {}

    /**
     * The offset of {@code hw_cap[index]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < 8}
     */
    public static int hwCapOffset(int index) {
        return HW_CAP_OFFSET + 4 * ArrayIndex.check("xen_sysctl_physinfo.hw_cap", index, NR_HW_CAP, "NR_HW_CAP");
    }
}
