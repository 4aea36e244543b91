package org.pvsim.hypervisor.abi;

/**
 * {@code struct vcpu_set_singleshot_timer} ({@code xen/include/public/vcpu.h}): the argument of {@code
 * VCPUOP_set_singleshot_timer}, an absolute system time at which the vCPU's one single-shot timer raises {@code
 * VIRQ_TIMER}. Setting it again moves the one timer; {@code VCPUOP_stop_singleshot_timer} (no argument) cancels it.
 *
 * <p>Rules at the Xen commit pvsim follows ({@code common_vcpu_op}, {@code common/domain.c}):
 *
 * <ul>
 *   <li>only the calling vCPU may set or stop its own timer: naming another is {@code -EINVAL};
 *   <li>a timeout already in the past (compared as unsigned with {@code NOW()}) stops the timer and raises {@code
 *       VIRQ_TIMER} at once;
 *   <li>{@link #VCPU_SSHOTTMR_future} is accepted and <b>ignored</b>: since Xen 4.18 (commit {@code 19c6cbd909},
 *       "xen/vcpu: ignore VCPU_SSHOTTMR_future") a past timeout is never {@code -ETIME}. The header still describes
 *       the old behaviour ("return -ETIME if it's passed") and says the hypervisor may ignore the flag.
 * </ul>
 */
public final class VcpuSetSingleshotTimerDescriptor {
    /** {@code uint64_t timeout_abs_ns}: absolute system time in ns. */
    public static final int TIMEOUT_ABS_NS_OFFSET = 0;
    /** {@code uint32_t flags}: {@code VCPU_SSHOTTMR_*}. */
    public static final int FLAGS_OFFSET = 8;
    /** {@code sizeof(struct vcpu_set_singleshot_timer)}: 4 bytes of tail padding after {@code flags}. */
    public static final int SIZE = 16;

    /** {@code _VCPU_SSHOTTMR_future}: the bit number of {@link #VCPU_SSHOTTMR_future}. */
    public static final int _VCPU_SSHOTTMR_future = 0;

    /**
     * {@code VCPU_SSHOTTMR_future}: asks for {@code -ETIME} when the timeout has passed. Xen ignores it (see the class
     * comment), so guests should not rely on it; pvsim's kernel never sets it.
     */
    public static final int VCPU_SSHOTTMR_future = 1 << _VCPU_SSHOTTMR_future;

    public static final StructLayout LAYOUT = StructLayout.builder("vcpu_set_singleshot_timer")
            .field("timeout_abs_ns", TIMEOUT_ABS_NS_OFFSET, CType.UINT64)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .build(SIZE);

    private VcpuSetSingleshotTimerDescriptor() {}

    /**
     * Whether Xen treats {@code timeoutAbsNs} as already expired at system time {@code now}, and so raises the timer
     * event at once instead of arming the timer: {@code timeout_abs_ns < NOW()} with the timeout read as unsigned.
     */
    public static boolean hasExpired(long timeoutAbsNs, long now) {
        return Long.compareUnsigned(timeoutAbsNs, now) < 0;
    }
}
