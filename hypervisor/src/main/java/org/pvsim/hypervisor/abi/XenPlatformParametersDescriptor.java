package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_platform_parameters} ({@code xen/include/public/version.h}): the output of {@code
 * XENVER_platform_parameters}: {@code virt_start}, the lowest virtual address Xen reserves in a guest's address space
 * (for a 64-bit PV guest, {@link XenAddressSpace#HYPERVISOR_VIRT_START}).
 */
public final class XenPlatformParametersDescriptor {
    /** {@code xen_ulong_t virt_start}. */
    public static final int VIRT_START_OFFSET = 0;
    /** {@code sizeof(struct xen_platform_parameters)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_platform_parameters")
            .field("virt_start", VIRT_START_OFFSET, CType.XEN_ULONG)
            .build(SIZE);

    private XenPlatformParametersDescriptor() {}
}
