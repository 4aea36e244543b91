package org.pvsim.hypervisor.abi;

/**
 * The {@code flags} field of {@code struct start_info} ({@code SIF_*}, {@code xen/include/public/xen.h}).
 * Xen's dom0 builder sets {@link #SIF_PRIVILEGED} and {@link #SIF_INITDOMAIN} for the initial domain.
 */
public final class StartInfoFlags {
    /** The domain is privileged. */
    public static final int SIF_PRIVILEGED = 1 << 0;
    /** The domain is the initial control domain. */
    public static final int SIF_INITDOMAIN = 1 << 1;
    /** {@code mod_start} is a multiboot module (a package of modules). */
    public static final int SIF_MULTIBOOT_MOD = 1 << 2;
    /** {@code mod_start} is a PFN rather than a virtual address. */
    public static final int SIF_MOD_START_PFN = 1 << 3;
    /** The toolstack understands a virtually mapped P2M list, so the 3-level P2M tree is not needed. */
    public static final int SIF_VIRT_P2M_4TOOLS = 1 << 4;
    /** Bits 8-15: reserved for power-management options passed to the initial domain. */
    public static final int SIF_PM_MASK = 0xFF << 8;

    private StartInfoFlags() {}
}
