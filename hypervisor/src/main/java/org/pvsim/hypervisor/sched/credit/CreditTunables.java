package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.sched.SchedGlobalParams;

/**
 * Credit's host-wide tunables (the timing fields of {@code struct csched_private}): the timeslice and what follows
 * from it (tick period, credits per timeslice), the context-switch rate limit, the migration delay and the
 * load-balancing rate limit. They come from the boot options ({@code csched_init}) and change with
 * {@code XEN_SYSCTL_SCHEDOP_putinfo} ({@code csched_sys_cntl}), whose checks {@link #put} applies.
 *
 * <p>Invariant: {@code 1 <= tsliceMs <= 1000}; {@code ratelimitNs} is 0 or at most the timeslice;
 * {@code tickPeriodNs * ticksPerTslice} is the timeslice to within a µs.
 */
final class CreditTunables {
    static final long MICROSECS = 1_000L;
    static final long MILLISECS = 1_000_000L;

    /** {@code CSCHED_DEFAULT_TSLICE_MS}. */
    static final int DEFAULT_TSLICE_MS = 30;
    /** {@code CSCHED_TICKS_PER_TSLICE}. */
    static final int TICKS_PER_TSLICE = 3;
    /** {@code CSCHED_CREDITS_PER_MSEC}. */
    static final int CREDITS_PER_MSEC = 10;
    /** {@code XEN_SYSCTL_CSCHED_TSLICE_MIN} / {@code _MAX}. */
    static final int TSLICE_MIN_MS = 1;

    static final int TSLICE_MAX_MS = 1000;
    /** {@code SCHED_DEFAULT_RATELIMIT_US}. */
    static final int DEFAULT_RATELIMIT_US = 1000;
    /** {@code XEN_SYSCTL_SCHED_RATELIMIT_MIN} / {@code _MAX}. */
    static final int RATELIMIT_MIN_US = 100;

    static final int RATELIMIT_MAX_US = 500_000;
    /** {@code XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US}. */
    static final int MIGR_DELAY_MAX_US = 100_000;
    /** {@code CSCHED_DEFAULT_LOAD_BALANCE_RATELIMIT_US}, {@code CSCHED_MAX_LOAD_BALANCE_RATELIMIT_US}. */
    static final int DEFAULT_LOAD_BALANCE_RATELIMIT_US = 1000;

    static final int MAX_LOAD_BALANCE_RATELIMIT_US = 1_000_000;
    /** {@code CSCHED_MIN_TIMER}: the shortest rate-limited timeslice. */
    static final long MIN_TIMER_NS = RATELIMIT_MIN_US * MICROSECS;

    long tsliceNs;
    int ticksPerTslice;
    long tickPeriodNs;
    int creditsPerTslice;
    long ratelimitNs;
    long unitMigrDelayNs;
    long loadBalanceRatelimitNs;

    /**
     * The tunables the boot options ask for: {@code sched_credit_tslice_ms}, {@code sched_ratelimit_us},
     * {@code vcpu_migration_delay}, {@code load-balance-ratelimit}. A rate limit above the timeslice becomes the
     * timeslice, as in Xen.
     *
     * @throws IllegalArgumentException for a value out of Xen's range (Xen would warn and use the default)
     */
    static CreditTunables fromCommandLine(XenCommandLine cmdline) {
        CreditTunables t = new CreditTunables();
        int tslice = (int) cmdline.integer("sched_credit_tslice_ms", DEFAULT_TSLICE_MS, TSLICE_MIN_MS, TSLICE_MAX_MS);
        int ratelimit = (int) cmdline.integer("sched_ratelimit_us", DEFAULT_RATELIMIT_US, 0, RATELIMIT_MAX_US);
        if (ratelimit != 0 && ratelimit < RATELIMIT_MIN_US) {
            throw new IllegalArgumentException("Xen option sched_ratelimit_us=" + ratelimit + ": must be 0 or between "
                    + RATELIMIT_MIN_US + " and " + RATELIMIT_MAX_US);
        }
        int migrDelay = (int) cmdline.integer("vcpu_migration_delay", 0, 0, MIGR_DELAY_MAX_US);
        int lbRatelimit = (int) cmdline.integer(
                "load-balance-ratelimit", DEFAULT_LOAD_BALANCE_RATELIMIT_US, 0, MAX_LOAD_BALANCE_RATELIMIT_US);
        t.setTslice(tslice);
        t.ratelimitNs = Math.min(ratelimit * MICROSECS, t.tsliceNs);
        t.unitMigrDelayNs = migrDelay * MICROSECS;
        t.loadBalanceRatelimitNs = lbRatelimit * MICROSECS;
        return t;
    }

    /** {@code __csched_set_tslice}: the timeslice and the tick period and credits that follow from it. */
    void setTslice(int tsliceMs) {
        tsliceNs = tsliceMs * MILLISECS;
        ticksPerTslice = tsliceMs < TICKS_PER_TSLICE ? 1 : TICKS_PER_TSLICE;
        tickPeriodNs = (tsliceMs * 1000L / ticksPerTslice) * MICROSECS;
        creditsPerTslice = CREDITS_PER_MSEC * tsliceMs;
    }

    /** {@code XEN_SYSCTL_SCHEDOP_getinfo}. */
    void get(SchedGlobalParams out) {
        out.tsliceMs = (int) (tsliceNs / MILLISECS);
        out.ratelimitUs = (int) (ratelimitNs / MICROSECS);
        out.vcpuMigrDelayUs = (int) (unitMigrDelayNs / MICROSECS);
    }

    /**
     * {@code XEN_SYSCTL_SCHEDOP_putinfo}: sets all three fields (a 0 rate limit disables it) and writes the result
     * back, or changes nothing and returns {@code -EINVAL} if the timeslice is outside 1..1000 ms, the rate limit is
     * neither 0 nor within 100..500000 µs, the rate limit exceeds the timeslice, or the migration delay exceeds
     * 100000 µs.
     */
    int put(SchedGlobalParams in) {
        if (in.tsliceMs < TSLICE_MIN_MS
                || in.tsliceMs > TSLICE_MAX_MS
                || in.ratelimitUs < 0
                || (in.ratelimitUs != 0 && (in.ratelimitUs < RATELIMIT_MIN_US || in.ratelimitUs > RATELIMIT_MAX_US))
                || in.ratelimitUs * MICROSECS > in.tsliceMs * MILLISECS
                || in.vcpuMigrDelayUs < 0
                || in.vcpuMigrDelayUs > MIGR_DELAY_MAX_US) {
            return Errno.EINVAL.neg();
        }
        setTslice(in.tsliceMs);
        ratelimitNs = in.ratelimitUs * MICROSECS;
        unitMigrDelayNs = in.vcpuMigrDelayUs * MICROSECS;
        get(in);
        return 0;
    }
}
