package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_sysctl_scheduler_op} ({@code xen/include/public/sysctl.h}): {@code u.scheduler_op} of {@code
 * XEN_SYSCTL_scheduler_op}, which reads or sets the parameters of a CPU pool's scheduler ({@code xl sched-credit -s},
 * {@code sched-credit2 -s}). An unknown {@code cmd}, or a {@code sched_id} that is not the pool's scheduler, is {@code
 * -EINVAL}; an unknown {@code cpupool_id} is {@code -ESRCH} ({@code sched_adjust_global}, {@code
 * common/sched/core.c}). The union {@code u} holds:
 *
 * <ul>
 *   <li>{@code sched_arinc653}: a handle to an ARINC 653 schedule (not simulated by pvsim);
 *   <li>{@code sched_credit}: {@code tslice_ms} ({@link #XEN_SYSCTL_CSCHED_TSLICE_MIN}..{@link
 *       #XEN_SYSCTL_CSCHED_TSLICE_MAX}), {@code ratelimit_us} ({@link #XEN_SYSCTL_SCHED_RATELIMIT_MIN}..{@link
 *       #XEN_SYSCTL_SCHED_RATELIMIT_MAX}, or 0 for none) and {@code vcpu_migr_delay_us} (at most {@link
 *       #XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US});
 *   <li>{@code sched_credit2}: {@code ratelimit_us}, same range.
 * </ul>
 *
 * The union is 8-aligned (the ARINC 653 handle), so it starts at 16 after 4 bytes of padding.
 */
public final class SysctlSchedulerOpDescriptor {
    /** {@code XEN_SYSCTL_SCHEDOP_putinfo}: sets the pool scheduler's parameters. */
    public static final int XEN_SYSCTL_SCHEDOP_putinfo = 0;
    /** {@code XEN_SYSCTL_SCHEDOP_getinfo}: gets them. */
    public static final int XEN_SYSCTL_SCHEDOP_getinfo = 1;

    /** {@code XEN_SYSCTL_SCHED_RATELIMIT_MAX}: the largest context-switch rate limit, µs (credit and credit2). */
    public static final int XEN_SYSCTL_SCHED_RATELIMIT_MAX = 500_000;
    /** {@code XEN_SYSCTL_SCHED_RATELIMIT_MIN}: the smallest non-zero rate limit, µs. */
    public static final int XEN_SYSCTL_SCHED_RATELIMIT_MIN = 100;
    /** {@code XEN_SYSCTL_CSCHED_TSLICE_MAX}: the longest credit timeslice, ms. */
    public static final int XEN_SYSCTL_CSCHED_TSLICE_MAX = 1000;
    /** {@code XEN_SYSCTL_CSCHED_TSLICE_MIN}: the shortest credit timeslice, ms. */
    public static final int XEN_SYSCTL_CSCHED_TSLICE_MIN = 1;
    /** {@code XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US}: the longest time credit treats a vCPU as cache-hot, µs (100 ms). */
    public static final int XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US = 100 * 1000;

    /** {@code uint32_t cpupool_id}: the pool whose scheduler is meant. */
    public static final int CPUPOOL_ID_OFFSET = 0;
    /** {@code uint32_t sched_id}: {@link XenSchedulerId} code of that scheduler. */
    public static final int SCHED_ID_OFFSET = 4;
    /** {@code uint32_t cmd}: {@code XEN_SYSCTL_SCHEDOP_*}. */
    public static final int CMD_OFFSET = 8;
    /** Start of the union {@code u}. */
    public static final int U_OFFSET = 16;
    /** {@code struct xen_sysctl_sched_arinc653 u.sched_arinc653}. */
    public static final int U_SCHED_ARINC653_OFFSET = U_OFFSET;
    /** {@code XEN_GUEST_HANDLE_64(xen_sysctl_arinc653_schedule_t) u.sched_arinc653.schedule}. */
    public static final int U_SCHED_ARINC653_SCHEDULE_OFFSET = U_OFFSET;
    /** {@code struct xen_sysctl_credit_schedule u.sched_credit}. */
    public static final int U_SCHED_CREDIT_OFFSET = U_OFFSET;
    /** {@code uint32_t u.sched_credit.tslice_ms}. */
    public static final int U_SCHED_CREDIT_TSLICE_MS_OFFSET = U_OFFSET;
    /** {@code uint32_t u.sched_credit.ratelimit_us}. */
    public static final int U_SCHED_CREDIT_RATELIMIT_US_OFFSET = U_OFFSET + 4;
    /** {@code uint32_t u.sched_credit.vcpu_migr_delay_us}. */
    public static final int U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET = U_OFFSET + 8;
    /** {@code struct xen_sysctl_credit2_schedule u.sched_credit2}. */
    public static final int U_SCHED_CREDIT2_OFFSET = U_OFFSET;
    /** {@code uint32_t u.sched_credit2.ratelimit_us}. */
    public static final int U_SCHED_CREDIT2_RATELIMIT_US_OFFSET = U_OFFSET;
    /** {@code sizeof(struct xen_sysctl_scheduler_op)}. */
    public static final int SIZE = 32;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_sysctl_scheduler_op")
            .field("cpupool_id", CPUPOOL_ID_OFFSET, CType.UINT32)
            .field("sched_id", SCHED_ID_OFFSET, CType.UINT32)
            .field("cmd", CMD_OFFSET, CType.UINT32)
            .unionMember(
                    "u",
                    "sched_arinc653.schedule",
                    U_SCHED_ARINC653_SCHEDULE_OFFSET,
                    CType.guestHandle64("xen_sysctl_arinc653_schedule_t"))
            .unionMember("u", "sched_credit.tslice_ms", U_SCHED_CREDIT_TSLICE_MS_OFFSET, CType.UINT32)
            .unionMember("u", "sched_credit.ratelimit_us", U_SCHED_CREDIT_RATELIMIT_US_OFFSET, CType.UINT32)
            .unionMember("u", "sched_credit.vcpu_migr_delay_us", U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET, CType.UINT32)
            .unionMember("u", "sched_credit2.ratelimit_us", U_SCHED_CREDIT2_RATELIMIT_US_OFFSET, CType.UINT32)
            .build(SIZE);

    private SysctlSchedulerOpDescriptor() {}

    /** Whether {@code cmd} is {@code putinfo} or {@code getinfo}; Xen refuses any other with {@code -EINVAL}. */
    public static boolean isValidCmd(long cmd) {
        return cmd == XEN_SYSCTL_SCHEDOP_putinfo || cmd == XEN_SYSCTL_SCHEDOP_getinfo;
    }
}
