package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl} ({@code xen/include/public/domctl.h}): the argument of the {@code domctl} hypercall, the
 * toolstack's domain-management call. A header ({@code cmd}, {@code interface_version}, {@code domain}) and a union
 * {@code u} of the per-command structures, padded to 128 bytes.
 *
 * <p>Xen refuses a call whose {@code interface_version} is not {@link #XEN_DOMCTL_INTERFACE_VERSION} with {@code
 * -EACCES} ({@code do_domctl}, {@code common/domctl.c}); for the one stable command, {@code
 * XEN_DOMCTL_get_domain_state}, the version must instead be 0. For {@code XEN_DOMCTL_createdomain}, {@code domain}
 * is in and out: {@code DOMID_ANY} asks Xen to choose an id; any id below {@code DOMID_FIRST_RESERVED} (0 included) is
 * taken as asked ({@code -EEXIST} if in use), and another reserved id is {@code -EEXIST} ({@code domid_alloc},
 * {@code common/domid.c}).
 */
public final class DomctlDescriptor {
    /** {@code XEN_DOMCTL_INTERFACE_VERSION}: the version every non-stable domctl must carry (last bumped in Xen 4.22). */
    public static final int XEN_DOMCTL_INTERFACE_VERSION = 0x00000018;

    /** {@code uint32_t cmd}: a {@link DomctlCmd} code. */
    public static final int CMD_OFFSET = 0;
    /** {@code uint32_t interface_version}. */
    public static final int INTERFACE_VERSION_OFFSET = 4;
    /** {@code domid_t domain}: the target domain. */
    public static final int DOMAIN_OFFSET = 8;
    /** {@code uint16_t _pad[3]}. */
    public static final int _PAD_OFFSET = 10;
    /** Start of the union {@code u}. */
    public static final int U_OFFSET = 16;
    /** {@code u.createdomain}: {@link DomctlCreateDomainDescriptor}. */
    public static final int U_CREATEDOMAIN_OFFSET = U_OFFSET;
    /** {@code u.getdomaininfo}: {@link DomctlGetDomainInfoDescriptor}. */
    public static final int U_GETDOMAININFO_OFFSET = U_OFFSET;
    /** {@code u.max_mem}: {@link DomctlMaxMemDescriptor}. */
    public static final int U_MAX_MEM_OFFSET = U_OFFSET;
    /** {@code u.vcpucontext}: {@link DomctlVcpuContextDescriptor}. */
    public static final int U_VCPUCONTEXT_OFFSET = U_OFFSET;
    /** {@code u.max_vcpus}: {@link DomctlMaxVcpusDescriptor}. */
    public static final int U_MAX_VCPUS_OFFSET = U_OFFSET;
    /** {@code u.vcpuaffinity}: {@link DomctlVcpuAffinityDescriptor}. */
    public static final int U_VCPUAFFINITY_OFFSET = U_OFFSET;
    /** {@code u.getvcpuinfo}: {@link DomctlGetVcpuInfoDescriptor}. */
    public static final int U_GETVCPUINFO_OFFSET = U_OFFSET;
    /** {@code u.scheduler_op}: {@link DomctlSchedulerOpDescriptor}. */
    public static final int U_SCHEDULER_OP_OFFSET = U_OFFSET;
    /** {@code uint8_t u.pad[128]}: fixes the union's size. */
    public static final int U_PAD_OFFSET = U_OFFSET;
    /** Size of the union {@code u}. */
    public static final int U_SIZE = 128;
    /** {@code sizeof(struct xen_domctl)}. */
    public static final int SIZE = 144;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl")
            .field("cmd", CMD_OFFSET, CType.UINT32)
            .field("interface_version", INTERFACE_VERSION_OFFSET, CType.UINT32)
            .field("domain", DOMAIN_OFFSET, CType.DOMID)
            .field("_pad", _PAD_OFFSET, CType.UINT16.array(3))
            .unionMember("u", "createdomain", U_CREATEDOMAIN_OFFSET, DomctlCreateDomainDescriptor.LAYOUT.type())
            .unionMember("u", "getdomaininfo", U_GETDOMAININFO_OFFSET, DomctlGetDomainInfoDescriptor.LAYOUT.type())
            .unionMember("u", "max_mem", U_MAX_MEM_OFFSET, DomctlMaxMemDescriptor.LAYOUT.type())
            .unionMember("u", "vcpucontext", U_VCPUCONTEXT_OFFSET, DomctlVcpuContextDescriptor.LAYOUT.type())
            .unionMember("u", "max_vcpus", U_MAX_VCPUS_OFFSET, DomctlMaxVcpusDescriptor.LAYOUT.type())
            .unionMember("u", "vcpuaffinity", U_VCPUAFFINITY_OFFSET, DomctlVcpuAffinityDescriptor.LAYOUT.type())
            .unionMember("u", "getvcpuinfo", U_GETVCPUINFO_OFFSET, DomctlGetVcpuInfoDescriptor.LAYOUT.type())
            .unionMember("u", "scheduler_op", U_SCHEDULER_OP_OFFSET, DomctlSchedulerOpDescriptor.LAYOUT.type())
            .unionMember("u", "pad", U_PAD_OFFSET, CType.UINT8.array(U_SIZE))
            .build(SIZE);

    private DomctlDescriptor() {}

    /** Whether {@code cmd} is a stable domctl, which must carry interface version 0 ({@code is_stable_domctl}). */
    public static boolean isStableDomctl(long cmd) {
        return cmd == DomctlCmd.XEN_DOMCTL_get_domain_state.code;
    }

    /** The {@code interface_version} Xen requires for {@code cmd}: 0 for a stable domctl, else the current one. */
    public static int expectedInterfaceVersion(long cmd) {
        return isStableDomctl(cmd) ? 0 : XEN_DOMCTL_INTERFACE_VERSION;
    }

    /** Whether Xen accepts {@code interfaceVersion} for {@code cmd}; if not, it returns {@code -EACCES}. */
    public static boolean isValidInterfaceVersion(long cmd, long interfaceVersion) {
        return interfaceVersion == expectedInterfaceVersion(cmd);
    }
}
