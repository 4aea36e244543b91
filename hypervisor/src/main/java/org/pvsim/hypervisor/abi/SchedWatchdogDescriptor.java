package org.pvsim.hypervisor.abi;

/**
 * {@code struct sched_watchdog} ({@code xen/include/public/sched.h}): the argument of {@code SCHEDOP_watchdog}, which
 * creates, re-arms or destroys one of the domain's watchdog timers ({@code domain_watchdog}, {@code
 * common/sched/core.c}):
 *
 * <ul>
 *   <li>{@code id = 0}: creates a watchdog firing after {@code timeout} seconds and returns its id (1 or 2), or
 *       {@code -ENOSPC} when the domain already has {@code NR_DOMAIN_WATCHDOG_TIMERS} (2);
 *   <li>{@code id > 0, timeout > 0}: re-arms watchdog {@code id} for {@code timeout} seconds;
 *   <li>{@code id > 0, timeout = 0}: destroys it;
 *   <li>an {@code id} that names no watchdog of the domain: {@code -EINVAL}.
 * </ul>
 *
 * A watchdog that fires shuts the domain down with {@code SHUTDOWN_watchdog}.
 */
public final class SchedWatchdogDescriptor {
    /** {@code uint32_t id}: 0 to create, else the watchdog's id. */
    public static final int ID_OFFSET = 0;
    /** {@code uint32_t timeout}: in seconds; 0 destroys the watchdog. */
    public static final int TIMEOUT_OFFSET = 4;
    /** {@code sizeof(struct sched_watchdog)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("sched_watchdog")
            .field("id", ID_OFFSET, CType.UINT32)
            .field("timeout", TIMEOUT_OFFSET, CType.UINT32)
            .build(SIZE);

    private SchedWatchdogDescriptor() {}
}
