package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_vcpucontext} ({@code xen/include/public/domctl.h}): {@code u.vcpucontext} of {@code
 * XEN_DOMCTL_setvcpucontext} and {@code XEN_DOMCTL_getvcpucontext}: a vCPU id and a guest handle to a {@code
 * vcpu_guest_context} ({@link VcpuGuestContextDescriptor}) to read or fill.
 */
public final class DomctlVcpuContextDescriptor {
    /** {@code uint32_t vcpu}: the vCPU id. */
    public static final int VCPU_OFFSET = 0;
    /** {@code XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt} (after 4 bytes of padding). */
    public static final int CTXT_OFFSET = 8;
    /** {@code sizeof(struct xen_domctl_vcpucontext)}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_vcpucontext")
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("ctxt", CTXT_OFFSET, CType.guestHandle64("vcpu_guest_context_t"))
            .build(SIZE);

    private DomctlVcpuContextDescriptor() {}
}
