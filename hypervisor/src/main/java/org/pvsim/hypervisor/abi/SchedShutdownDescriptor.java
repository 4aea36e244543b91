package org.pvsim.hypervisor.abi;

/**
 * {@code struct sched_shutdown} ({@code xen/include/public/sched.h}): the argument of {@code SCHEDOP_shutdown} and
 * {@code SCHEDOP_shutdown_code}, a {@link ShutdownReason} code.
 *
 * <p>Xen does not range-check the reason: {@code do_sched_op} passes it to {@code domain_shutdown}, which takes it
 * as a {@code u8}, so only the low 8 bits count ({@link #latchedReason(long)}).
 */
public final class SchedShutdownDescriptor {
    /** {@code unsigned int reason}: {@code SHUTDOWN_*}. */
    public static final int REASON_OFFSET = 0;
    /** {@code sizeof(struct sched_shutdown)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("sched_shutdown")
            .field("reason", REASON_OFFSET, CType.UINT)
            .build(SIZE);

    private SchedShutdownDescriptor() {}

    /** The reason {@code domain_shutdown} records for a {@code reason} field value: its low 8 bits. */
    public static int latchedReason(long reason) {
        return (int) (reason & 0xFF);
    }
}
