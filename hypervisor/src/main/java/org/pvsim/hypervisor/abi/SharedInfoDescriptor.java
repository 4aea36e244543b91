package org.pvsim.hypervisor.abi;

/**
 * {@code struct shared_info} ({@code xen/include/public/xen.h}, with {@code struct arch_shared_info} from {@code
 * arch-x86/xen.h}): the page Xen shares with every domain. It holds the {@code vcpu_info} of the first {@link
 * #XEN_LEGACY_MAX_VCPUS} vCPUs, the 2-level event-channel pending and mask bitmaps (64 words of 64 bits: 4096
 * ports), the wall-clock time, and the guest's published P2M location.
 *
 * <p>The header warns that the structure may grow between Xen versions and that guests should not rely on its size;
 * {@link #SIZE} is its size at the Xen commit pvsim follows.
 */
public final class SharedInfoDescriptor {
    /** {@code XEN_LEGACY_MAX_VCPUS} ({@code arch-x86/xen.h}): vCPUs whose {@code vcpu_info} is in this page. */
    public static final int XEN_LEGACY_MAX_VCPUS = 32;
    /** Words in each event-channel bitmap: {@code sizeof(xen_ulong_t) * 8}. */
    public static final int EVTCHN_WORDS = 64;
    /** Ports the 2-level bitmaps cover ({@code EVTCHN_2L_NR_CHANNELS}: 64 words of 64 bits). */
    public static final int EVTCHN_2L_NR_CHANNELS = EVTCHN_WORDS * 64;

    /** {@code struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS]}. */
    public static final int VCPU_INFO_OFFSET = 0;
    /** {@code xen_ulong_t evtchn_pending[64]}: bit {@code p % 64} of word {@code p / 64} is port p's pending bit. */
    public static final int EVTCHN_PENDING_OFFSET = 2048;
    /** {@code xen_ulong_t evtchn_mask[64]}: the mask bits, laid out as the pending bits. */
    public static final int EVTCHN_MASK_OFFSET = 2560;
    /** {@code uint32_t wc_version}: odd while Xen updates the wall clock (as {@code vcpu_time_info.version}). */
    public static final int WC_VERSION_OFFSET = 3072;
    /** {@code uint32_t wc_sec}: wall-clock seconds at system time 0, low 32 bits. */
    public static final int WC_SEC_OFFSET = 3076;
    /** {@code uint32_t wc_nsec}: the nanoseconds part. */
    public static final int WC_NSEC_OFFSET = 3080;
    /** {@code uint32_t wc_sec_hi}: wall-clock seconds, high 32 bits (not on 32-bit x86). */
    public static final int WC_SEC_HI_OFFSET = 3084;
    /** Start of {@code struct arch_shared_info arch}. */
    public static final int ARCH_OFFSET = 3088;
    /** {@code unsigned long arch.max_pfn}: number of valid P2M entries. */
    public static final int ARCH_MAX_PFN_OFFSET = 3088;
    /** {@code xen_pfn_t arch.pfn_to_mfn_frame_list_list}: root of the 3-level P2M frame tree (0 unset, ~0 unused). */
    public static final int ARCH_PFN_TO_MFN_FRAME_LIST_LIST_OFFSET = 3096;
    /** {@code unsigned long arch.nmi_reason}. */
    public static final int ARCH_NMI_REASON_OFFSET = 3104;
    /** {@code unsigned long arch.p2m_cr3}: CR3 of the address space where {@code p2m_vaddr} is valid (0: unused). */
    public static final int ARCH_P2M_CR3_OFFSET = 3112;
    /** {@code unsigned long arch.p2m_vaddr}: virtual address of the linear P2M list. */
    public static final int ARCH_P2M_VADDR_OFFSET = 3120;
    /** {@code unsigned long arch.p2m_generation}: odd while the guest changes the P2M list's mappings. */
    public static final int ARCH_P2M_GENERATION_OFFSET = 3128;
    /** {@code sizeof(struct shared_info)} on x86-64. */
    public static final int SIZE = 3136;

    public static final StructLayout LAYOUT = StructLayout.builder("shared_info")
            .field(
                    "vcpu_info",
                    VCPU_INFO_OFFSET,
                    VcpuInfoDescriptor.LAYOUT.type().array(XEN_LEGACY_MAX_VCPUS))
            .field("evtchn_pending", EVTCHN_PENDING_OFFSET, CType.XEN_ULONG.array(EVTCHN_WORDS))
            .field("evtchn_mask", EVTCHN_MASK_OFFSET, CType.XEN_ULONG.array(EVTCHN_WORDS))
            .field("wc_version", WC_VERSION_OFFSET, CType.UINT32)
            .field("wc_sec", WC_SEC_OFFSET, CType.UINT32)
            .field("wc_nsec", WC_NSEC_OFFSET, CType.UINT32)
            .field("wc_sec_hi", WC_SEC_HI_OFFSET, CType.UINT32)
            .field("arch.max_pfn", ARCH_MAX_PFN_OFFSET, CType.ULONG)
            .field("arch.pfn_to_mfn_frame_list_list", ARCH_PFN_TO_MFN_FRAME_LIST_LIST_OFFSET, CType.XEN_PFN)
            .field("arch.nmi_reason", ARCH_NMI_REASON_OFFSET, CType.ULONG)
            .field("arch.p2m_cr3", ARCH_P2M_CR3_OFFSET, CType.ULONG)
            .field("arch.p2m_vaddr", ARCH_P2M_VADDR_OFFSET, CType.ULONG)
            .field("arch.p2m_generation", ARCH_P2M_GENERATION_OFFSET, CType.ULONG)
            .build(SIZE);

    private SharedInfoDescriptor() {}

    /**
     * The offset of {@code vcpu_info[vcpu]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= vcpu < XEN_LEGACY_MAX_VCPUS}: later vCPUs have no slot here
     *     and need {@code VCPUOP_register_vcpu_info}
     */
    public static int vcpuInfoOffset(int vcpu) {
        return VCPU_INFO_OFFSET
                + VcpuInfoDescriptor.SIZE
                        * ArrayIndex.check("shared_info.vcpu_info", vcpu, XEN_LEGACY_MAX_VCPUS, "XEN_LEGACY_MAX_VCPUS");
    }

    /**
     * The offset of {@code evtchn_pending[word]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= word < 64}
     */
    public static int evtchnPendingOffset(int word) {
        return EVTCHN_PENDING_OFFSET
                + 8 * ArrayIndex.check("shared_info.evtchn_pending", word, EVTCHN_WORDS, "sizeof(xen_ulong_t) * 8");
    }

    /**
     * The offset of {@code evtchn_mask[word]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= word < 64}
     */
    public static int evtchnMaskOffset(int word) {
        return EVTCHN_MASK_OFFSET
                + 8 * ArrayIndex.check("shared_info.evtchn_mask", word, EVTCHN_WORDS, "sizeof(xen_ulong_t) * 8");
    }
}
