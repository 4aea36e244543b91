package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_arch_domainconfig} for x86 ({@code xen/include/public/arch-x86/xen.h}): the architecture part of
 * a domain's configuration, given to {@code XEN_DOMCTL_createdomain} and reported back by {@code
 * XEN_DOMCTL_getdomaininfo} ({@code arch_config}). Covered by {@code XEN_DOMCTL_INTERFACE_VERSION}.
 *
 * <p>{@code emulation_flags} chooses which devices Xen emulates; a PV domain may ask for none or only the PIT
 * ({@code emulation_flags_ok}, {@code x86/domain.c}). {@code misc_flags} may hold only {@link #XEN_X86_MSR_RELAXED}
 * ({@code arch_sanitise_domain_config}).
 */
public final class XenArchDomainconfigDescriptor {
    /** {@code uint32_t emulation_flags}: {@code XEN_X86_EMU_*}. */
    public static final int EMULATION_FLAGS_OFFSET = 0;
    /** {@code uint32_t misc_flags}: {@code XEN_X86_MSR_RELAXED}. */
    public static final int MISC_FLAGS_OFFSET = 4;
    /** {@code sizeof(struct xen_arch_domainconfig)} on x86. */
    public static final int SIZE = 8;

    public static final int XEN_X86_EMU_LAPIC = 1 << 0;
    public static final int XEN_X86_EMU_HPET = 1 << 1;
    public static final int XEN_X86_EMU_PM = 1 << 2;
    public static final int XEN_X86_EMU_RTC = 1 << 3;
    public static final int XEN_X86_EMU_IOAPIC = 1 << 4;
    public static final int XEN_X86_EMU_PIC = 1 << 5;
    public static final int XEN_X86_EMU_VGA = 1 << 6;
    public static final int XEN_X86_EMU_IOMMU = 1 << 7;
    public static final int XEN_X86_EMU_PIT = 1 << 8;
    public static final int XEN_X86_EMU_USE_PIRQ = 1 << 9;
    public static final int XEN_X86_EMU_VPCI = 1 << 10;
    /** Every emulation flag. */
    public static final int XEN_X86_EMU_ALL = XEN_X86_EMU_LAPIC
            | XEN_X86_EMU_HPET
            | XEN_X86_EMU_PM
            | XEN_X86_EMU_RTC
            | XEN_X86_EMU_IOAPIC
            | XEN_X86_EMU_PIC
            | XEN_X86_EMU_VGA
            | XEN_X86_EMU_IOMMU
            | XEN_X86_EMU_PIT
            | XEN_X86_EMU_USE_PIRQ
            | XEN_X86_EMU_VPCI;

    /** {@code misc_flags}: unhandled MSR accesses read as 0 and ignore writes instead of raising #GP. */
    public static final int XEN_X86_MSR_RELAXED = 1 << 0;
    /** The highest {@code misc_flags} bit Xen defines ({@code XEN_X86_MISC_FLAGS_MAX}). */
    public static final int XEN_X86_MISC_FLAGS_MAX = XEN_X86_MSR_RELAXED;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_arch_domainconfig")
            .field("emulation_flags", EMULATION_FLAGS_OFFSET, CType.UINT32)
            .field("misc_flags", MISC_FLAGS_OFFSET, CType.UINT32)
            .build(SIZE);

    private XenArchDomainconfigDescriptor() {}

    /** Whether Xen accepts {@code emulation_flags} for a PV domain: nothing, or only {@link #XEN_X86_EMU_PIT}. */
    public static boolean isValidPvEmulationFlags(int emulationFlags) {
        return (emulationFlags & ~XEN_X86_EMU_PIT) == 0;
    }

    /** Whether Xen accepts {@code misc_flags}: no bit but {@link #XEN_X86_MSR_RELAXED}. */
    public static boolean isValidMiscFlags(int miscFlags) {
        return (miscFlags & ~XEN_X86_MSR_RELAXED) == 0;
    }
}
