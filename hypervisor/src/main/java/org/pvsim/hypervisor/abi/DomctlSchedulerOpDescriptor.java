package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_scheduler_op} ({@code xen/include/public/domctl.h}): {@code u.scheduler_op} of {@code
 * XEN_DOMCTL_scheduler_op}, which reads or sets one domain's parameters for the scheduler of its pool ({@code xl
 * sched-credit -d}, {@code sched-credit2 -d}, {@code sched-rtds -d}).
 *
 * <p>{@code sched_id} must name that scheduler ({@link XenSchedulerId}) and {@code cmd} be one of the four {@code
 * XEN_DOMCTL_SCHEDOP_*}; otherwise Xen returns {@code -EINVAL} ({@code sched_adjust}, {@code common/sched/core.c}).
 * Xen copies the whole structure back, so {@code getinfo} answers in the union. The union {@code u} holds:
 *
 * <ul>
 *   <li>{@code credit}, {@code credit2}: {@code {weight, cap}} (weight 1..65535, default 256; cap in % of one pCPU,
 *       0 = none), for {@code putinfo} and {@code getinfo};
 *   <li>{@code rtds}: {@code {period, budget, flags}}, period and budget in µs, flags {@link
 *       #XEN_DOMCTL_SCHEDRT_extra}; {@code getinfo} answers RTDS's defaults, {@code putinfo} sets every vCPU;
 *   <li>{@code v}: for {@code putvcpuinfo} and {@code getvcpuinfo}, a handle to an array of {@code nr_vcpus}
 *       {@link DomctlSchedParamVcpuDescriptor xen_domctl_schedparam_vcpu}. Schedulers without per-vCPU parameters
 *       refuse these two commands.
 * </ul>
 *
 * The limits each scheduler applies are the scheduler's, not the ABI's; they live with the schedulers.
 */
public final class DomctlSchedulerOpDescriptor {
    /** {@code XEN_DOMCTL_SCHEDOP_putinfo}: sets the domain's parameters (for RTDS: those of every vCPU). */
    public static final int XEN_DOMCTL_SCHEDOP_putinfo = 0;
    /** {@code XEN_DOMCTL_SCHEDOP_getinfo}: gets them (for RTDS: the scheduler's defaults). */
    public static final int XEN_DOMCTL_SCHEDOP_getinfo = 1;
    /** {@code XEN_DOMCTL_SCHEDOP_putvcpuinfo}: sets the parameters of the vCPUs listed in {@code u.v}. */
    public static final int XEN_DOMCTL_SCHEDOP_putvcpuinfo = 2;
    /** {@code XEN_DOMCTL_SCHEDOP_getvcpuinfo}: gets the parameters of the vCPUs listed in {@code u.v}. */
    public static final int XEN_DOMCTL_SCHEDOP_getvcpuinfo = 3;

    /** {@code _XEN_DOMCTL_SCHEDRT_extra}: bit number of {@link #XEN_DOMCTL_SCHEDRT_extra}. */
    public static final int _XEN_DOMCTL_SCHEDRT_extra = 0;
    /** {@code XEN_DOMCTL_SCHEDRT_extra}: an RTDS vCPU may run beyond its budget, at a lower priority (extratime). */
    public static final int XEN_DOMCTL_SCHEDRT_extra = 1 << _XEN_DOMCTL_SCHEDRT_extra;

    /** {@code uint32_t sched_id}: {@link XenSchedulerId} code. */
    public static final int SCHED_ID_OFFSET = 0;
    /** {@code uint32_t cmd}: {@code XEN_DOMCTL_SCHEDOP_*}. */
    public static final int CMD_OFFSET = 4;
    /** Start of the union {@code u} (8-aligned: {@code u.v.vcpus} is a 64-bit handle). */
    public static final int U_OFFSET = 8;
    /** {@code struct xen_domctl_sched_credit u.credit}. */
    public static final int U_CREDIT_OFFSET = U_OFFSET;
    /** {@code uint16_t u.credit.weight}. */
    public static final int U_CREDIT_WEIGHT_OFFSET = U_OFFSET;
    /** {@code uint16_t u.credit.cap}. */
    public static final int U_CREDIT_CAP_OFFSET = U_OFFSET + 2;
    /** {@code struct xen_domctl_sched_credit2 u.credit2}. */
    public static final int U_CREDIT2_OFFSET = U_OFFSET;
    /** {@code uint16_t u.credit2.weight}. */
    public static final int U_CREDIT2_WEIGHT_OFFSET = U_OFFSET;
    /** {@code uint16_t u.credit2.cap}. */
    public static final int U_CREDIT2_CAP_OFFSET = U_OFFSET + 2;
    /** {@code struct xen_domctl_sched_rtds u.rtds}. */
    public static final int U_RTDS_OFFSET = U_OFFSET;
    /** {@code uint32_t u.rtds.period}: µs. */
    public static final int U_RTDS_PERIOD_OFFSET = U_OFFSET;
    /** {@code uint32_t u.rtds.budget}: µs. */
    public static final int U_RTDS_BUDGET_OFFSET = U_OFFSET + 4;
    /** {@code uint32_t u.rtds.flags}: {@link #XEN_DOMCTL_SCHEDRT_extra}. */
    public static final int U_RTDS_FLAGS_OFFSET = U_OFFSET + 8;
    /** The anonymous struct {@code u.v}. */
    public static final int U_V_OFFSET = U_OFFSET;
    /** {@code XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) u.v.vcpus}: the array. */
    public static final int U_V_VCPUS_OFFSET = U_OFFSET;
    /** {@code uint32_t u.v.nr_vcpus}: in, the array's length; out, the elements processed. */
    public static final int U_V_NR_VCPUS_OFFSET = U_OFFSET + 8;
    /** {@code uint32_t u.v.padding}. */
    public static final int U_V_PADDING_OFFSET = U_OFFSET + 12;
    /** {@code sizeof(struct xen_domctl_scheduler_op)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_scheduler_op")
            .field("sched_id", SCHED_ID_OFFSET, CType.UINT32)
            .field("cmd", CMD_OFFSET, CType.UINT32)
            .unionMember("u", "credit.weight", U_CREDIT_WEIGHT_OFFSET, CType.UINT16)
            .unionMember("u", "credit.cap", U_CREDIT_CAP_OFFSET, CType.UINT16)
            .unionMember("u", "credit2.weight", U_CREDIT2_WEIGHT_OFFSET, CType.UINT16)
            .unionMember("u", "credit2.cap", U_CREDIT2_CAP_OFFSET, CType.UINT16)
            .unionMember("u", "rtds.period", U_RTDS_PERIOD_OFFSET, CType.UINT32)
            .unionMember("u", "rtds.budget", U_RTDS_BUDGET_OFFSET, CType.UINT32)
            .unionMember("u", "rtds.flags", U_RTDS_FLAGS_OFFSET, CType.UINT32)
            .unionMember("u", "v.vcpus", U_V_VCPUS_OFFSET, CType.guestHandle64("xen_domctl_schedparam_vcpu_t"))
            .unionMember("u", "v.nr_vcpus", U_V_NR_VCPUS_OFFSET, CType.UINT32)
            .unionMember("u", "v.padding", U_V_PADDING_OFFSET, CType.UINT32)
            .build(SIZE);

    private DomctlSchedulerOpDescriptor() {}

    /** Whether {@code cmd} is one of the four {@code XEN_DOMCTL_SCHEDOP_*}; Xen refuses any other with {@code -EINVAL}. */
    public static boolean isValidCmd(long cmd) {
        return cmd >= XEN_DOMCTL_SCHEDOP_putinfo && cmd <= XEN_DOMCTL_SCHEDOP_getvcpuinfo;
    }
}
