package org.pvsim.hypervisor.abi;

/**
 * Feature bits reported by {@code XENVER_get_features} ({@code XENFEAT_*}, {@code xen/include/public/features.h}).
 * Feature {@code n} is bit {@code n % 32} of submap {@code n / 32} ({@link XenFeatureInfoDescriptor}). The same
 * names, without the prefix, are what a guest kernel lists in its {@code XEN_ELFNOTE_FEATURES} note.
 *
 * <p>Number 12 ({@code XENFEAT_grant_map_identity}) is deprecated and only mentioned in a comment of the header, so
 * it has no constant here.
 */
public enum XenFeature {
    /** The guest need not write-protect its page tables: it may update them with plain writes. */
    XENFEAT_writable_page_tables(0),
    /** The guest need not write-protect its segment descriptor tables. */
    XENFEAT_writable_descriptor_tables(1),
    /** Xen translates between the guest's pseudo-physical and machine addresses; the guest never handles MFNs. */
    XENFEAT_auto_translated_physmap(2),
    /** The guest kernel runs in supervisor mode (ring 0 on x86). */
    XENFEAT_supervisor_mode_kernel(3),
    /** A PAE guest's page directories need not be below 4 GiB. */
    XENFEAT_pae_pgdir_above_4gb(4),
    /** x86: {@code MMU_PT_UPDATE_PRESERVE_AD} is available. */
    XENFEAT_mmu_pt_update_preserve_ad(5),
    /** x86: {@code MMUEXT_CLEAR_PAGE} and {@code MMUEXT_COPY_PAGE} are available. */
    XENFEAT_highmem_assist(6),
    /** {@code GNTTABOP_map_grant_ref} can put flags into the PTE bits available to the guest kernel. */
    XENFEAT_gnttab_map_avail_bits(7),
    /** x86 HVM: events can be delivered through a callback vector. */
    XENFEAT_hvm_callback_vector(8),
    /** x86 HVM: the PV clock algorithm is safe to use. */
    XENFEAT_hvm_safe_pvclock(9),
    /** x86 HVM: the guest can use PIRQs. */
    XENFEAT_hvm_pirqs(10),
    /** Running as dom0 is supported; Xen reports it to the hardware domain. */
    XENFEAT_dom0(11),
    /** memory_op understands {@code XENMEMF_vnode} (a virtual NUMA node). */
    XENFEAT_memory_op_vnode_supported(13),
    /** Arm: the SMC calling convention is supported. */
    XENFEAT_ARM_SMCCC_supported(14),
    /** x86 PVH: the ACPI RSDP may be anywhere, not only in the first MiB (consulted for Linux guests). */
    XENFEAT_linux_rsdp_unrestricted(15),
    /** The domain's memory is not mapped 1:1 (guest frame != machine frame). */
    XENFEAT_not_direct_mapped(16),
    /** The domain's memory is mapped 1:1 (guest frame == machine frame, as for PV). */
    XENFEAT_direct_mapped(17),
    /** {@code VCPUOP_register_runstate_phys_area} is available. */
    XENFEAT_runstate_phys_area(18),
    /** {@code VCPUOP_register_vcpu_time_phys_area} is available. */
    XENFEAT_vcpu_time_phys_area(19),
    /** Xen passes every MSI-X vector-control write to the device model, not only those that unmask. */
    XENFEAT_dm_msix_all_writes(20);

    /** {@code XENFEAT_NR_SUBMAPS}: number of 32-bit submaps Xen reports. */
    public static final int XENFEAT_NR_SUBMAPS = 1;

    private static final XenFeature[] BY_CODE = new XenFeature[32 * XENFEAT_NR_SUBMAPS];

    static {
        for (XenFeature c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The feature number Xen uses. */
    public final int code;

    XenFeature(int code) {
        this.code = code;
    }

    /** The feature with this number, or {@code null} if Xen defines none. */
    public static XenFeature ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The submap this feature is reported in ({@code submap_idx}). */
    public int submapIdx() {
        return code / 32;
    }

    /** This feature's bit within its submap. */
    public int submapBit() {
        return 1 << (code % 32);
    }

    /** Whether {@code submap}, returned for {@link #submapIdx()}, reports this feature. */
    public boolean isSetIn(int submap) {
        return (submap & submapBit()) != 0;
    }
}
