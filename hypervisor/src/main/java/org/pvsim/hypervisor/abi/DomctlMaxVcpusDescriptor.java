package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_max_vcpus} ({@code xen/include/public/domctl.h}): {@code u.max_vcpus} of {@code
 * XEN_DOMCTL_max_vcpus}. The command still exists at the Xen commit pvsim follows, but the limit itself is now set by
 * {@code XEN_DOMCTL_createdomain} ({@code max_vcpus}); this call only allocates the vCPUs, and Xen refuses it with
 * {@code -EINVAL} unless {@code max} equals the value given at creation, or if a domain names itself ({@code
 * do_domctl}, {@code common/domctl.c}). The header says the command is being phased out.
 */
public final class DomctlMaxVcpusDescriptor {
    /** {@code uint32_t max}: the number of vCPUs. */
    public static final int MAX_OFFSET = 0;
    /** {@code sizeof(struct xen_domctl_max_vcpus)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_max_vcpus")
            .field("max", MAX_OFFSET, CType.UINT32)
            .build(SIZE);

    private DomctlMaxVcpusDescriptor() {}

    /** Whether Xen accepts {@code max} for a domain created with {@code createdMaxVcpus}: they must be equal. */
    public static boolean isValidMax(long max, long createdMaxVcpus) {
        return max == createdMaxVcpus;
    }
}
