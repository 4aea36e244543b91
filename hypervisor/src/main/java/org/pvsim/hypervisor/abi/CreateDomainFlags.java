package org.pvsim.hypervisor.abi;

/**
 * The {@code flags} field of {@code struct xen_domctl_createdomain} ({@code XEN_DOMCTL_CDF_*}, {@code
 * xen/include/public/domctl.h}), each with its bit number under Xen's {@code _XEN_DOMCTL_CDF_} name where Xen gives
 * one. A PV domain sets neither {@link #XEN_DOMCTL_CDF_hvm} nor {@link #XEN_DOMCTL_CDF_hap}.
 */
public final class CreateDomainFlags {
    public static final int _XEN_DOMCTL_CDF_hvm = 0;
    /** An HVM guest rather than PV. */
    public static final int XEN_DOMCTL_CDF_hvm = 1 << _XEN_DOMCTL_CDF_hvm;

    public static final int _XEN_DOMCTL_CDF_hap = 1;
    /** Use hardware-assisted paging (HVM only). */
    public static final int XEN_DOMCTL_CDF_hap = 1 << _XEN_DOMCTL_CDF_hap;

    public static final int _XEN_DOMCTL_CDF_s3_integrity = 2;
    /** Have tboot verify the domain's memory across S3. */
    public static final int XEN_DOMCTL_CDF_s3_integrity = 1 << _XEN_DOMCTL_CDF_s3_integrity;

    public static final int _XEN_DOMCTL_CDF_oos_off = 3;
    /** Disable out-of-sync shadow page tables. */
    public static final int XEN_DOMCTL_CDF_oos_off = 1 << _XEN_DOMCTL_CDF_oos_off;

    public static final int _XEN_DOMCTL_CDF_xs_domain = 4;
    /** The domain runs xenstored. */
    public static final int XEN_DOMCTL_CDF_xs_domain = 1 << _XEN_DOMCTL_CDF_xs_domain;

    public static final int _XEN_DOMCTL_CDF_iommu = 5;
    /** The domain may use the IOMMU. */
    public static final int XEN_DOMCTL_CDF_iommu = 1 << _XEN_DOMCTL_CDF_iommu;

    public static final int _XEN_DOMCTL_CDF_nested_virt = 6;
    /** Nested virtualisation. */
    public static final int XEN_DOMCTL_CDF_nested_virt = 1 << _XEN_DOMCTL_CDF_nested_virt;

    /** Expose the virtual PMU to the guest. */
    public static final int XEN_DOMCTL_CDF_vpmu = 1 << 7;
    /** Trap guest accesses to unmapped addresses. */
    public static final int XEN_DOMCTL_CDF_trap_unmapped_accesses = 1 << 8;

    /** The highest flag Xen defines ({@code XEN_DOMCTL_CDF_MAX}). */
    public static final int XEN_DOMCTL_CDF_MAX = XEN_DOMCTL_CDF_trap_unmapped_accesses;

    /** Every flag Xen defines: {@code sanitise_domain_config} rejects any other bit. */
    public static final int KNOWN_FLAGS = XEN_DOMCTL_CDF_hvm
            | XEN_DOMCTL_CDF_hap
            | XEN_DOMCTL_CDF_s3_integrity
            | XEN_DOMCTL_CDF_oos_off
            | XEN_DOMCTL_CDF_xs_domain
            | XEN_DOMCTL_CDF_iommu
            | XEN_DOMCTL_CDF_nested_virt
            | XEN_DOMCTL_CDF_vpmu
            | XEN_DOMCTL_CDF_trap_unmapped_accesses;

    private CreateDomainFlags() {}

    /**
     * Whether {@code sanitise_domain_config} ({@code common/domain.c}) accepts {@code flags}: only known bits, and
     * {@link #XEN_DOMCTL_CDF_hap} only with {@link #XEN_DOMCTL_CDF_hvm}. (Xen also refuses flags whose feature the
     * host lacks, such as the IOMMU or the vPMU; that depends on the machine, not on the value.)
     */
    public static boolean isValid(int flags) {
        if ((flags & ~KNOWN_FLAGS) != 0) {
            return false;
        }
        return (flags & XEN_DOMCTL_CDF_hap) == 0 || (flags & XEN_DOMCTL_CDF_hvm) != 0;
    }
}
