package org.pvsim.hypervisor.abi;

/**
 * {@code struct vcpu_time_info} ({@code xen/include/public/xen.h}): the per-vCPU clock parameters Xen publishes in
 * {@code vcpu_info.time}, 32 bytes. A guest computes the current system time as {@code system_time} plus the TSC
 * ticks since {@code tsc_timestamp}, shifted by {@code tsc_shift} and scaled by {@code tsc_to_system_mul / 2^32}.
 *
 * <p>{@code version} works like a sequence lock: Xen makes it odd before an update and even after, so a reader that
 * sees an odd version, or a different version after reading, must read again.
 */
public final class VcpuTimeInfoDescriptor {
    /** {@code uint32_t version}: odd while Xen updates the fields. */
    public static final int VERSION_OFFSET = 0;
    /** {@code uint32_t pad0}. */
    public static final int PAD0_OFFSET = 4;
    /** {@code uint64_t tsc_timestamp}: the TSC when the values were last updated. */
    public static final int TSC_TIMESTAMP_OFFSET = 8;
    /** {@code uint64_t system_time}: nanoseconds since boot at {@code tsc_timestamp}. */
    public static final int SYSTEM_TIME_OFFSET = 16;
    /** {@code uint32_t tsc_to_system_mul}: TSC-to-nanoseconds multiplier, a 32.32 fixed-point fraction. */
    public static final int TSC_TO_SYSTEM_MUL_OFFSET = 24;
    /** {@code int8_t tsc_shift}: shift applied to the TSC delta before multiplying (may be negative). */
    public static final int TSC_SHIFT_OFFSET = 28;
    /** {@code uint8_t flags}: {@code XEN_PVCLOCK_*}. */
    public static final int FLAGS_OFFSET = 29;
    /** {@code uint8_t pad1[2]}. */
    public static final int PAD1_OFFSET = 30;
    /** {@code sizeof(struct vcpu_time_info)}: 32, as the header states. */
    public static final int SIZE = 32;

    /** {@code XEN_PVCLOCK_TSC_STABLE_BIT}: the TSC is stable across CPUs. */
    public static final int XEN_PVCLOCK_TSC_STABLE_BIT = 1 << 0;
    /** {@code XEN_PVCLOCK_GUEST_STOPPED}: the guest was paused. */
    public static final int XEN_PVCLOCK_GUEST_STOPPED = 1 << 1;

    public static final StructLayout LAYOUT = StructLayout.builder("vcpu_time_info")
            .field("version", VERSION_OFFSET, CType.UINT32)
            .field("pad0", PAD0_OFFSET, CType.UINT32)
            .field("tsc_timestamp", TSC_TIMESTAMP_OFFSET, CType.UINT64)
            .field("system_time", SYSTEM_TIME_OFFSET, CType.UINT64)
            .field("tsc_to_system_mul", TSC_TO_SYSTEM_MUL_OFFSET, CType.UINT32)
            .field("tsc_shift", TSC_SHIFT_OFFSET, CType.INT8)
            .field("flags", FLAGS_OFFSET, CType.UINT8)
            .field("pad1", PAD1_OFFSET, CType.UINT8.array(2))
            .build(SIZE);

    private VcpuTimeInfoDescriptor() {}

    /** Whether a {@code version} value says an update is in progress (it is odd). */
    public static boolean isUpdateInProgress(int version) {
        return (version & 1) != 0;
    }
}
