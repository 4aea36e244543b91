package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_getvcpuinfo} ({@code xen/include/public/domctl.h}): {@code u.getvcpuinfo} of {@code
 * XEN_DOMCTL_getvcpuinfo}, one vCPU's state as {@code xl vcpu-list} shows it. {@code vcpu} goes in; Xen fills the
 * rest ({@code do_domctl}, {@code common/domctl.c}), or returns {@code -ENOENT} for a vCPU the domain does not have:
 *
 * <ul>
 *   <li>{@code online}: {@code _VPF_down} is clear;
 *   <li>{@code blocked}: {@code _VPF_blocked} is set;
 *   <li>{@code running}: the vCPU is on a physical CPU now;
 *   <li>{@code cpu_time}: ns spent in {@code RUNSTATE_running} ({@code vcpu_runstate_get_running});
 *   <li>{@code cpu}: the physical CPU it runs or last ran on ({@code v->processor}).
 * </ul>
 */
public final class DomctlGetVcpuInfoDescriptor {
    /** {@code uint32_t vcpu}: in, the vCPU. */
    public static final int VCPU_OFFSET = 0;
    /** {@code uint8_t online}: out. */
    public static final int ONLINE_OFFSET = 4;
    /** {@code uint8_t blocked}: out. */
    public static final int BLOCKED_OFFSET = 5;
    /** {@code uint8_t running}: out. */
    public static final int RUNNING_OFFSET = 6;
    /** {@code uint64_aligned_t cpu_time}: out, ns. */
    public static final int CPU_TIME_OFFSET = 8;
    /** {@code uint32_t cpu}: out, the physical CPU. */
    public static final int CPU_OFFSET = 16;
    /** {@code sizeof(struct xen_domctl_getvcpuinfo)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_getvcpuinfo")
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("online", ONLINE_OFFSET, CType.UINT8)
            .field("blocked", BLOCKED_OFFSET, CType.UINT8)
            .field("running", RUNNING_OFFSET, CType.UINT8)
            .field("cpu_time", CPU_TIME_OFFSET, CType.UINT64_ALIGNED)
            .field("cpu", CPU_OFFSET, CType.UINT32)
            .build(SIZE);

    private DomctlGetVcpuInfoDescriptor() {}
}
