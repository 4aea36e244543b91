package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;

/**
 * Which pCPU of its runqueue should pick up a unit that was just queued ({@code runq_tickle}, {@code tickle_score},
 * {@code tickle_cpu}, and the {@code smt_idle} mask helpers of {@code xen/common/sched/credit2.c}): a pCPU whose whole
 * core is idle, else any idle pCPU not yet tickled (its soft affinity first, then its hard affinity; its own pCPU
 * first), else the busy pCPU whose current unit it beats by the widest credit margin (minus {@code migrate_resist}
 * if it would move, plus bonuses for soft affinity), provided that unit has run past the rate limit.
 *
 * <p>Invariant: a pCPU is in its runqueue's {@code tickled} mask from the tickle until its next {@code do_schedule};
 * {@code smt_idle} holds exactly the pCPUs whose siblings in the runqueue are all idle and untickled. Nothing here
 * allocates.
 */
final class Credit2Tickler {
    private final Credit2Scheduler s;

    Credit2Tickler(Credit2Scheduler s) {
        this.s = s;
    }

    /** {@code has_soft_affinity}: the soft affinity restricts the hard one and still meets it. */
    static boolean hasSoftAffinity(Vcpu v) {
        return v.softAffinity().intersects(v.hardAffinity())
                && !v.hardAffinity().isSubsetOf(v.softAffinity());
    }

    /** {@code tickle_cpu}: asks {@code cpu} to reschedule and marks it tickled. */
    void tickleCpu(int cpu, Credit2Runqueue rqd) {
        rqd.tickled.set(cpu);
        smtIdleMaskClear(cpu, rqd.smtIdle);
        s.host.tickle(cpu);
    }

    /** {@code smt_idle_mask_set}: if every sibling of {@code cpu} is idle and untickled, they all join smt_idle. */
    void smtIdleMaskSet(int cpu, Credit2Runqueue rqd) {
        CpuMask sib = s.siblings[cpu];
        for (int c = sib.first(); c >= 0; c = sib.next(c + 1)) {
            if (!rqd.idle.contains(c) || rqd.tickled.contains(c)) {
                return;
            }
        }
        for (int c = sib.first(); c >= 0; c = sib.next(c + 1)) {
            rqd.smtIdle.set(c);
        }
    }

    /** {@code smt_idle_mask_clear}: if all the siblings of {@code cpu} are in {@code mask}, they leave it. */
    void smtIdleMaskClear(int cpu, CpuMask mask) {
        CpuMask sib = s.siblings[cpu];
        for (int c = sib.first(); c >= 0; c = sib.next(c + 1)) {
            if (!mask.contains(c)) {
                return;
            }
        }
        for (int c = sib.first(); c >= 0; c = sib.next(c + 1)) {
            mask.clear(c);
        }
    }

    /** Whether a pCPU of {@code u}'s soft (and hard) affinity in {@code rqd} is idle and untickled. */
    boolean idleUntickledSoftCpu(Credit2Unit u, Credit2Runqueue rqd) {
        Vcpu v = u.vcpu;
        for (int c = rqd.idle.first(); c >= 0; c = rqd.idle.next(c + 1)) {
            if (!rqd.tickled.contains(c)
                    && v.softAffinity().contains(c)
                    && v.hardAffinity().contains(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code runq_tickle}: tickles the best pCPU of its runqueue for {@code u}, just queued, or none if it should
     * wait. Traced as {@code TRC_CSCHED2_TICKLE} with the pCPU chosen.
     */
    void runqTickle(Credit2Unit u, long now) {
        int cpu = u.processor;
        Credit2Runqueue rqd = u.rqd;
        Vcpu v = u.vcpu;
        int ipid = -1;
        if (u.pinned && rqd.idle.contains(cpu) && !rqd.tickled.contains(cpu)) {
            ipid = cpu;
        } else {
            boolean soft = hasSoftAffinity(v);
            for (int step = soft ? 0 : 1; step < 2 && ipid < 0; step++) {
                boolean useSoft = step == 0;
                ipid = idleCpu(cpu, rqd, v, useSoft, true);
                if (ipid < 0) {
                    ipid = idleCpu(cpu, rqd, v, useSoft, false);
                }
            }
            if (ipid < 0) {
                ipid = busyCpu(u, cpu, rqd, now);
                if (ipid < 0) {
                    return;
                }
            }
        }
        s.host.trace(now, TraceEvent.TRC_CSCHED2_TICKLE, v, ipid, 0);
        tickleCpu(ipid, rqd);
        u.tickledCpu = ipid;
    }

    /**
     * The first pCPU, from {@code cpu} on and wrapping ({@code cpumask_test_or_cycle}), in {@code v}'s hard (and, with
     * {@code soft}, soft) affinity that is in smt_idle ({@code smtOnly}) or idle and untickled; -1 if none.
     */
    private int idleCpu(int cpu, Credit2Runqueue rqd, Vcpu v, boolean soft, boolean smtOnly) {
        int n = s.nrPcpus;
        for (int k = 0; k < n; k++) {
            int c = (cpu + k) % n;
            boolean free = smtOnly ? rqd.smtIdle.contains(c) : rqd.idle.contains(c) && !rqd.tickled.contains(c);
            if (free
                    && v.hardAffinity().contains(c)
                    && (!soft || v.softAffinity().contains(c))) {
                return c;
            }
        }
        return -1;
    }

    /**
     * The busy, untickled pCPU of the runqueue and of {@code u}'s hard affinity with the best positive {@code
     * tickle_score}; its own pCPU first, taken at once if it is in its soft affinity. -1 if none scores above 0.
     */
    private int busyCpu(Credit2Unit u, int cpu, Credit2Runqueue rqd, long now) {
        Vcpu v = u.vcpu;
        long max = 0;
        int ipid = -1;
        if (rqd.active.contains(cpu)
                && !rqd.idle.contains(cpu)
                && !rqd.tickled.contains(cpu)
                && v.hardAffinity().contains(cpu)) {
            long score = tickleScore(u, cpu, rqd, now);
            if (score > max) {
                max = score;
                ipid = cpu;
                if (v.softAffinity().contains(cpu)) {
                    return ipid;
                }
            }
        }
        for (int c = rqd.active.first(); c >= 0; c = rqd.active.next(c + 1)) {
            if (c == cpu
                    || rqd.idle.contains(c)
                    || rqd.tickled.contains(c)
                    || !v.hardAffinity().contains(c)) {
                continue;
            }
            long score = tickleScore(u, c, rqd, now);
            if (score > max) {
                max = score;
                ipid = c;
            }
        }
        return ipid;
    }

    /**
     * {@code tickle_score}: how much {@code u} deserves {@code cpu}: its credit minus that of the unit running there
     * (charged up to now), less {@code migrate_resist} if it would move; if positive, plus {@code CREDIT_INIT} if
     * {@code cpu} is in its soft affinity and again if it is not in the current unit's. -1 if the current unit may
     * not be preempted yet (rate limit, with {@code RATELIMIT_TICKLE_TOLERANCE}) or the pCPU runs nothing.
     */
    private long tickleScore(Credit2Unit u, int cpu, Credit2Runqueue rqd, long now) {
        Credit2Unit cur = s.running[cpu];
        if (cur == null || !preemptable(cur, now)) {
            return -1;
        }
        s.burnCredits(rqd, cur, now);
        long score = u.credit - cur.credit;
        if (u.processor != cpu) {
            score -= s.migrateResistNs;
        }
        if (score > 0) {
            if (u.vcpu.softAffinity().contains(cpu)) {
                score += Credit2Scheduler.CREDIT_INIT;
            }
            if (!cur.vcpu.softAffinity().contains(cpu)) {
                score += Credit2Scheduler.CREDIT_INIT;
            }
        }
        return score;
    }

    /** {@code is_preemptable}: the current unit has run past the rate limit, less the tolerance. */
    private boolean preemptable(Credit2Unit cur, long now) {
        long ratelimit = s.ratelimitUs * 1000L;
        if (ratelimit <= Credit2Scheduler.RATELIMIT_TICKLE_TOLERANCE) {
            return true;
        }
        return now - cur.stateEntryTime > ratelimit - Credit2Scheduler.RATELIMIT_TICKLE_TOLERANCE;
    }
}
