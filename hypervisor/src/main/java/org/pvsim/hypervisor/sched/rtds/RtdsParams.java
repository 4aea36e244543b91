package org.pvsim.hypervisor.sched.rtds;

import org.pvsim.hypervisor.abi.Errno;

/**
 * RTDS's parameter limits and defaults ({@code xen/common/sched/rt.c}), in ns, and Xen's check of a period and budget
 * given in µs ({@code rt_validate_params}). Every check fails with {@code -EINVAL}.
 */
public final class RtdsParams {
    /** {@code RTDS_DEFAULT_PERIOD}: 10 ms. */
    public static final long RTDS_DEFAULT_PERIOD = 10_000_000L;
    /** {@code RTDS_DEFAULT_BUDGET}: 4 ms. */
    public static final long RTDS_DEFAULT_BUDGET = 4_000_000L;
    /** {@code RTDS_MIN_PERIOD}: 10 µs. */
    public static final long RTDS_MIN_PERIOD = 10_000L;
    /** {@code RTDS_MIN_BUDGET}: 10 µs. */
    public static final long RTDS_MIN_BUDGET = 10_000L;
    /** {@code RTDS_MAX_PERIOD}: {@code STIME_DELTA_MAX}, so that a deadline plus a period cannot overflow. */
    public static final long RTDS_MAX_PERIOD = Long.MAX_VALUE >>> 1;
    /** {@code RTDS_MAX_PRIORITY_LEVEL}: extratime demotion saturates here (Xen: {@code ~0U}; pvsim: a signed int). */
    public static final int RTDS_MAX_PRIORITY_LEVEL = Integer.MAX_VALUE;

    static final long NS_PER_US = 1000;

    private RtdsParams() {}

    /**
     * {@code rt_validate_params}: 0, or {@code -EINVAL} for a period or budget below 10 µs (0 included: there is no
     * "unchanged" here), a period above {@link #RTDS_MAX_PERIOD}, or a budget above the period.
     */
    public static int validate(long periodUs, long budgetUs) {
        if (periodUs < RTDS_MIN_PERIOD / NS_PER_US
                || periodUs > RTDS_MAX_PERIOD / NS_PER_US
                || budgetUs < RTDS_MIN_BUDGET / NS_PER_US
                || budgetUs > periodUs) {
            return Errno.EINVAL.neg();
        }
        return 0;
    }
}
