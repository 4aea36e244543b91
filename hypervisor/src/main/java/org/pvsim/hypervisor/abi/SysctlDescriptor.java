package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_sysctl} ({@code xen/include/public/sysctl.h}): the argument of the {@code sysctl} hypercall, the
 * toolstack's host-management call. A header ({@code cmd}, {@code interface_version}) and a union {@code u} of the
 * per-command structures, padded to 128 bytes.
 *
 * <p>Xen refuses a call whose {@code interface_version} is not {@link #XEN_SYSCTL_INTERFACE_VERSION} with {@code
 * -EACCES} ({@code do_sysctl}, {@code common/sysctl.c}); unlike domctl there is no stable command.
 */
public final class SysctlDescriptor {
    /** {@code XEN_SYSCTL_INTERFACE_VERSION}: the version every sysctl must carry (last bumped in Xen 4.21). */
    public static final int XEN_SYSCTL_INTERFACE_VERSION = 0x00000016;

    /** {@code uint32_t cmd}: a {@link SysctlCmd} code. */
    public static final int CMD_OFFSET = 0;
    /** {@code uint32_t interface_version}. */
    public static final int INTERFACE_VERSION_OFFSET = 4;
    /** Start of the union {@code u}. */
    public static final int U_OFFSET = 8;
    /** {@code u.readconsole}: {@link SysctlReadConsoleDescriptor}. */
    public static final int U_READCONSOLE_OFFSET = U_OFFSET;
    /** {@code u.physinfo}: {@link SysctlPhysinfoDescriptor}. */
    public static final int U_PHYSINFO_OFFSET = U_OFFSET;
    /** {@code u.getdomaininfolist}: {@link SysctlGetDomainInfoListDescriptor}. */
    public static final int U_GETDOMAININFOLIST_OFFSET = U_OFFSET;
    /** {@code u.sched_id}: {@link SysctlSchedIdDescriptor}. */
    public static final int U_SCHED_ID_OFFSET = U_OFFSET;
    /** {@code u.scheduler_op}: {@link SysctlSchedulerOpDescriptor}. */
    public static final int U_SCHEDULER_OP_OFFSET = U_OFFSET;
    /** {@code uint8_t u.pad[128]}: fixes the union's size. */
    public static final int U_PAD_OFFSET = U_OFFSET;
    /** Size of the union {@code u}. */
    public static final int U_SIZE = 128;
    /** {@code sizeof(struct xen_sysctl)}. */
    public static final int SIZE = 136;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_sysctl")
            .field("cmd", CMD_OFFSET, CType.UINT32)
            .field("interface_version", INTERFACE_VERSION_OFFSET, CType.UINT32)
            .unionMember("u", "readconsole", U_READCONSOLE_OFFSET, SysctlReadConsoleDescriptor.LAYOUT.type())
            .unionMember("u", "physinfo", U_PHYSINFO_OFFSET, SysctlPhysinfoDescriptor.LAYOUT.type())
            .unionMember(
                    "u",
                    "getdomaininfolist",
                    U_GETDOMAININFOLIST_OFFSET,
                    SysctlGetDomainInfoListDescriptor.LAYOUT.type())
            .unionMember("u", "sched_id", U_SCHED_ID_OFFSET, SysctlSchedIdDescriptor.LAYOUT.type())
            .unionMember("u", "scheduler_op", U_SCHEDULER_OP_OFFSET, SysctlSchedulerOpDescriptor.LAYOUT.type())
            .unionMember("u", "pad", U_PAD_OFFSET, CType.UINT8.array(U_SIZE))
            .build(SIZE);

    private SysctlDescriptor() {}

    /** Whether Xen accepts {@code interfaceVersion}; if not, it returns {@code -EACCES}. */
    public static boolean isValidInterfaceVersion(long interfaceVersion) {
        return interfaceVersion == XEN_SYSCTL_INTERFACE_VERSION;
    }
}
