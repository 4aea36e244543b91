package org.pvsim.hypervisor.abi;

/**
 * {@code struct vcpu_set_periodic_timer} ({@code xen/include/public/vcpu.h}): the argument of {@code
 * VCPUOP_set_periodic_timer}, the period of a vCPU's periodic timer, which raises {@code VIRQ_TIMER} on that vCPU
 * each time it fires. {@code VCPUOP_stop_periodic_timer} takes no argument and sets the period to 0.
 *
 * <p>Xen refuses a period below 1 ms, or above {@code STIME_DELTA_MAX}, with {@code -EINVAL} ({@code
 * common_vcpu_op}, {@code common/domain.c}; {@link #isValidPeriod(long)}). A PV vCPU starts with a 10 ms period
 * ({@link #PV_DEFAULT_PERIOD_NS}) until its kernel changes or stops it. Unlike the single-shot timer, any vCPU of the
 * calling domain may be named.
 */
public final class VcpuSetPeriodicTimerDescriptor {
    /** {@code uint64_t period_ns}: the period in ns. */
    public static final int PERIOD_NS_OFFSET = 0;
    /** {@code sizeof(struct vcpu_set_periodic_timer)}. */
    public static final int SIZE = 8;

    /** The shortest period Xen accepts: {@code MILLISECS(1)}. */
    public static final long MIN_PERIOD_NS = 1_000_000L;

    /**
     * The longest period Xen accepts, {@code STIME_DELTA_MAX} ({@code xen/include/xen/time.h}): the largest signed
     * 64-bit time difference that cannot overflow when added to the current time, {@code (1ULL << 62) - 1} ns.
     */
    public static final long MAX_PERIOD_NS = (1L << 62) - 1;

    /** The period of a PV vCPU's periodic timer when it is created: 10 ms, a 100 Hz tick ({@code x86/pv/domain.c}). */
    public static final long PV_DEFAULT_PERIOD_NS = 10_000_000L;

    public static final StructLayout LAYOUT = StructLayout.builder("vcpu_set_periodic_timer")
            .field("period_ns", PERIOD_NS_OFFSET, CType.UINT64)
            .build(SIZE);

    private VcpuSetPeriodicTimerDescriptor() {}

    /**
     * Whether Xen accepts {@code periodNs}, read as the unsigned 64-bit value the guest wrote; if not, it returns
     * {@code -EINVAL}.
     */
    public static boolean isValidPeriod(long periodNs) {
        return Long.compareUnsigned(periodNs, MIN_PERIOD_NS) >= 0 && Long.compareUnsigned(periodNs, MAX_PERIOD_NS) <= 0;
    }
}
