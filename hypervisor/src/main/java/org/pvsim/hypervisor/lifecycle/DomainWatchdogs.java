package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.console.XenConsole;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainHook;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.time.HypervisorTimers;

/**
 * A domain's watchdogs ({@code SCHEDOP_watchdog}; {@code domain_watchdog}, {@code domain_watchdog_timeout}, {@code
 * watchdog_domain_init} and {@code watchdog_domain_destroy} in {@code xen/common/sched/core.c}). A domain has {@link
 * Domain#NR_DOMAIN_WATCHDOG_TIMERS} (2) watchdog timers, created with it and killed when it is destroyed; a slot is in
 * use while its bit is set in {@link Domain#watchdogInuseMap}. The guest names a watchdog by its slot plus 1.
 *
 * <p>Invariant: an armed watchdog timer's slot is in use (a destroyed watchdog's timer is stopped). A watchdog that
 * fires while its domain is neither shutting down nor dying prints {@code Watchdog timer <slot> fired for d<id>} on
 * the Xen console and shuts the domain down with {@code SHUTDOWN_watchdog}; its slot stays in use, as in Xen. Its
 * expiry is a journalled input like every hypervisor timer's.
 */
public final class DomainWatchdogs implements DomainHook {
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final HypervisorTimers timers;
    private final DomainLifecycle lifecycle;
    private final XenConsole console;

    public DomainWatchdogs(HypervisorTimers timers, DomainLifecycle lifecycle, XenConsole console) {
        this.timers = timers;
        this.lifecycle = lifecycle;
        this.console = console;
    }

    /** {@code watchdog_domain_init}: the domain's watchdog timers, none in use. */
    @Override
    public int domainCreated(Domain d, long now) {
        d.watchdogInuseMap = 0;
        for (int i = 0; i < Domain.NR_DOMAIN_WATCHDOG_TIMERS; i++) {
            int slot = i;
            d.watchdogTimers[i] = timers.create(
                    TimerClass.DOMAIN_WATCHDOG,
                    d.domid(),
                    -1,
                    slot,
                    d + " watchdog_timer[" + slot + "]",
                    t -> fired(d, slot, t));
        }
        return 0;
    }

    /** {@code watchdog_domain_destroy}: kills the domain's watchdog timers. */
    @Override
    public void domainDestroyed(Domain d, long now) {
        for (int i = 0; i < Domain.NR_DOMAIN_WATCHDOG_TIMERS; i++) {
            timers.kill(d.watchdogTimers[i]);
        }
    }

    /**
     * {@code domain_watchdog(d, id, timeout)}, {@code timeout} in seconds, {@code id} and {@code timeout} as the
     * guest's {@code uint32_t}s (0..2^32-1):
     *
     * <ul>
     *   <li>{@code id} above {@link Domain#NR_DOMAIN_WATCHDOG_TIMERS}: {@code -EINVAL};
     *   <li>{@code id} 0: takes the first free slot, arms it for {@code timeout} seconds from now (0 fires at once) and
     *       returns the slot plus 1; {@code -ENOSPC} if both slots are in use;
     *   <li>an {@code id} whose slot is not in use: {@code -EINVAL};
     *   <li>{@code timeout} 0: stops that watchdog and frees its slot;
     *   <li>otherwise: re-arms it for {@code timeout} seconds from now.
     * </ul>
     */
    public long watchdog(Domain d, long id, long timeout, long now) {
        if (id > Domain.NR_DOMAIN_WATCHDOG_TIMERS) {
            return Errno.EINVAL.neg();
        }
        long expires = now + timeout * NS_PER_SECOND;
        if (id == 0) {
            for (int slot = 0; slot < Domain.NR_DOMAIN_WATCHDOG_TIMERS; slot++) {
                int bit = 1 << slot;
                if ((d.watchdogInuseMap & bit) != 0) {
                    continue;
                }
                d.watchdogInuseMap |= bit;
                timers.set(d.watchdogTimers[slot], expires);
                return slot + 1;
            }
            return Errno.ENOSPC.neg();
        }
        int slot = (int) id - 1;
        int bit = 1 << slot;
        if ((d.watchdogInuseMap & bit) == 0) {
            return Errno.EINVAL.neg();
        }
        if (timeout == 0) {
            timers.stop(d.watchdogTimers[slot]);
            d.watchdogInuseMap &= ~bit;
        } else {
            timers.set(d.watchdogTimers[slot], expires);
        }
        return 0;
    }

    /** {@code domain_watchdog_timeout}. */
    private void fired(Domain d, int slot, long now) {
        if (d.isShuttingDown() || !d.isAlive()) {
            return;
        }
        console.xenLine("Watchdog timer " + slot + " fired for " + d);
        lifecycle.shutdown(d, ShutdownReason.SHUTDOWN_watchdog.code, now);
    }
}
