package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_sysctl_sched_id} ({@code xen/include/public/sysctl.h}): {@code u.sched_id} of {@code
 * XEN_SYSCTL_sched_id}. Xen writes the {@link XenSchedulerId} of the default scheduler, the one chosen on its command
 * line ({@code sched=}), which {@code xl info} prints as {@code xen_scheduler}.
 */
public final class SysctlSchedIdDescriptor {
    /** {@code uint32_t sched_id}: out, a {@link XenSchedulerId} code. */
    public static final int SCHED_ID_OFFSET = 0;
    /** {@code sizeof(struct xen_sysctl_sched_id)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_sysctl_sched_id")
            .field("sched_id", SCHED_ID_OFFSET, CType.UINT32)
            .build(SIZE);

    private SysctlSchedIdDescriptor() {}
}
