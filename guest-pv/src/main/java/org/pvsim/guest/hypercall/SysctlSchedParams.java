package org.pvsim.guest.hypercall;

import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * A CPU pool scheduler's own parameters: a value of the union {@code u} of {@code xen_sysctl_scheduler_op} ({@code
 * xen/include/public/sysctl.h}), as {@link SchedulerControl} passes and returns them. ARINC 653 schedules, the third
 * variant, are not simulated by pvsim and have no value here.
 *
 * <p>Each component holds the whole 32-bit range of its field; the limits ({@link SysctlSchedulerOpDescriptor}) are
 * the scheduler's to check.
 */
public sealed interface SysctlSchedParams {

    /** The scheduler these parameters are for. */
    XenSchedulerId scheduler();

    /**
     * {@code struct xen_sysctl_credit_schedule}.
     *
     * @param tsliceMs the timeslice, ms (default 30)
     * @param ratelimitUs the context-switch rate limit, µs; 0 is none (default 1000)
     * @param vcpuMigrDelayUs how long a vCPU stays cache-hot on its last pCPU, µs (default 0)
     */
    record Credit(long tsliceMs, long ratelimitUs, long vcpuMigrDelayUs) implements SysctlSchedParams {
        public Credit {
            checkU32("credit tslice_ms", tsliceMs);
            checkU32("credit ratelimit_us", ratelimitUs);
            checkU32("credit vcpu_migr_delay_us", vcpuMigrDelayUs);
        }

        @Override
        public XenSchedulerId scheduler() {
            return XenSchedulerId.XEN_SCHEDULER_CREDIT;
        }
    }

    /**
     * {@code struct xen_sysctl_credit2_schedule}.
     *
     * @param ratelimitUs the context-switch rate limit, µs; 0 is none (default 1000)
     */
    record Credit2(long ratelimitUs) implements SysctlSchedParams {
        public Credit2 {
            checkU32("credit2 ratelimit_us", ratelimitUs);
        }

        @Override
        public XenSchedulerId scheduler() {
            return XenSchedulerId.XEN_SCHEDULER_CREDIT2;
        }
    }

    private static void checkU32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " is a 32-bit field: 0..4294967295, not " + value);
        }
    }
}
