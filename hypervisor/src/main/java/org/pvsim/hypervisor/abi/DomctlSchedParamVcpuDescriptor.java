package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_schedparam_vcpu} ({@code xen/include/public/domctl.h}): one element of the array that
 * {@code XEN_DOMCTL_SCHEDOP_putvcpuinfo} and {@code getvcpuinfo} pass through {@link DomctlSchedulerOpDescriptor}'s
 * {@code u.v.vcpus}: a vCPU id and that vCPU's parameters, in the union {@code u} of the same per-scheduler structures
 * as the domain-wide call ({@code credit}, {@code credit2}, {@code rtds}).
 *
 * <p>Only RTDS has per-vCPU parameters ({@code rt_dom_cntl}, {@code common/sched/rt.c}): it walks the array in order,
 * and stops with {@code -EINVAL} at a {@code vcpuid} the domain does not have, or (put) at parameters it refuses; the
 * other schedulers refuse both commands.
 */
public final class DomctlSchedParamVcpuDescriptor {
    /** Start of the union {@code u}. */
    public static final int U_OFFSET = 0;
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
    /** {@code uint32_t u.rtds.flags}: {@link DomctlSchedulerOpDescriptor#XEN_DOMCTL_SCHEDRT_extra}. */
    public static final int U_RTDS_FLAGS_OFFSET = U_OFFSET + 8;
    /** {@code uint32_t vcpuid}. */
    public static final int VCPUID_OFFSET = 12;
    /** {@code sizeof(struct xen_domctl_schedparam_vcpu)}: the stride of the array. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_schedparam_vcpu")
            .unionMember("u", "credit.weight", U_CREDIT_WEIGHT_OFFSET, CType.UINT16)
            .unionMember("u", "credit.cap", U_CREDIT_CAP_OFFSET, CType.UINT16)
            .unionMember("u", "credit2.weight", U_CREDIT2_WEIGHT_OFFSET, CType.UINT16)
            .unionMember("u", "credit2.cap", U_CREDIT2_CAP_OFFSET, CType.UINT16)
            .unionMember("u", "rtds.period", U_RTDS_PERIOD_OFFSET, CType.UINT32)
            .unionMember("u", "rtds.budget", U_RTDS_BUDGET_OFFSET, CType.UINT32)
            .unionMember("u", "rtds.flags", U_RTDS_FLAGS_OFFSET, CType.UINT32)
            .field("vcpuid", VCPUID_OFFSET, CType.UINT32)
            .build(SIZE);

    private DomctlSchedParamVcpuDescriptor() {}

    /**
     * The offset of element {@code index} in an array of {@code count} elements.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < count}
     */
    public static long elementOffset(int index, int count) {
        return (long) SIZE * ArrayIndex.check("xen_domctl_scheduler_op.u.v.vcpus", index, count, "nr_vcpus");
    }
}
