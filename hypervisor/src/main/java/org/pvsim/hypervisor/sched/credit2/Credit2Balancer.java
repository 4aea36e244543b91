package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.machine.CpuMask;

/**
 * Where credit2 puts units across runqueues ({@code xen/common/sched/credit2.c}): {@code csched2_res_pick} places a
 * unit that is inserted or must move (its affinity changed, or load balancing asked) on the least loaded runqueue its
 * affinity allows; {@code balance_load}, run at each credit reset, compares the runqueue's load with the most distant
 * other one and pushes, pulls or swaps the units that best even them out; {@code migrate} moves a unit, at once if it
 * is not running, else when it is switched out.
 *
 * <p>Loads are Xen's: {@code b_avgload}, the decaying average of the number of runnable units of a runqueue,
 * adjusted by the units' own averages as they move, in fixed point with {@code LOADAVG_PRECISION_SHIFT} bits. The
 * tolerances are Xen's defaults ({@code credit2_balance_under=0}, {@code credit2_balance_over=-3}). Nothing here
 * allocates.
 */
final class Credit2Balancer {
    /** {@code opt_underload_balance_tolerance}. */
    static final int UNDERLOAD_BALANCE_TOLERANCE = 0;
    /** {@code opt_overload_balance_tolerance}. */
    static final int OVERLOAD_BALANCE_TOLERANCE = -3;

    private final Credit2Scheduler s;

    // balance_state_t
    private long loadDelta;
    private Credit2Unit bestPush;
    private Credit2Unit bestPull;
    private Credit2Runqueue lrqd;
    private Credit2Runqueue orqd;

    Credit2Balancer(Credit2Scheduler s) {
        this.s = s;
    }

    /**
     * {@code csched2_res_pick}: the pCPU {@code u} should go to. If load balancing asked it to move and its affinity
     * allows, a pCPU of that runqueue; else the runqueue with the lowest {@code b_avgload} among those holding a pCPU
     * of its hard affinity (its own counted without its own load), preferring those that hold a pCPU of its soft
     * affinity. Within the runqueue, the pCPUs are taken in turn from {@code pick_bias}.
     */
    int pickCpu(Credit2Unit u, long now) {
        CpuMask hard = u.vcpu.hardAffinity();
        CpuMask soft = u.vcpu.softAffinity();
        if (u.migrateRequest) {
            u.migrateRequest = false;
            Credit2Runqueue t = u.migrateRqd;
            if (t != null && hard.intersects(t.active)) {
                int cpu = cycle(t.pickBias, hard, null, t.active);
                t.pickBias = cpu;
                s.host.trace(now, TraceEvent.TRC_CSCHED2_PICKED_CPU, u.vcpu, cpu, t.id);
                return cpu;
            }
        }
        boolean hasSoft = Credit2Tickler.hasSoftAffinity(u.vcpu);
        long minLoad = Long.MAX_VALUE;
        long minSoftLoad = Long.MAX_VALUE;
        Credit2Runqueue minRqd = null;
        Credit2Runqueue minSoftRqd = null;
        for (Credit2Runqueue rqd : s.runqueues) {
            if (!hard.intersects(rqd.active)) {
                continue;
            }
            long load = rqd == u.rqd ? Math.max(rqd.bAvgload - u.avgload, 0) : rqd.bAvgload;
            if (hasSoft && load < minSoftLoad && intersects3(hard, soft, rqd.active)) {
                minSoftLoad = load;
                minSoftRqd = rqd;
            }
            if (load < minLoad) {
                minLoad = load;
                minRqd = rqd;
            }
        }
        int cpu;
        if (minRqd == null) {
            // no runqueue holds a pCPU of its hard affinity: the core never lets that happen
            cpu = u.processor;
        } else if (hasSoft && minSoftRqd != null) {
            // as Xen: cycle from the hard-affinity minimum's pick_bias over the soft-affinity minimum's pCPUs
            cpu = cycle(minRqd.pickBias, hard, soft, minSoftRqd.active);
            minRqd.pickBias = cpu;
        } else {
            cpu = cycle(minRqd.pickBias, hard, null, minRqd.active);
            minRqd.pickBias = cpu;
        }
        s.host.trace(
                now,
                TraceEvent.TRC_CSCHED2_PICKED_CPU,
                u.vcpu,
                cpu,
                minSoftRqd != null && hasSoft ? minSoftRqd.id : minRqd == null ? -1 : minRqd.id);
        return cpu;
    }

    /**
     * {@code cpumask_cycle(from, a & b & c)}: the next pCPU after {@code from} (wrapping, {@code from} itself last)
     * in all the given masks ({@code b} may be {@code null}); -1 if none.
     */
    private int cycle(int from, CpuMask a, CpuMask b, CpuMask c) {
        int n = s.nrPcpus;
        for (int k = 1; k <= n; k++) {
            int cpu = (from + k) % n;
            if (a.contains(cpu) && (b == null || b.contains(cpu)) && c.contains(cpu)) {
                return cpu;
            }
        }
        return -1;
    }

    private boolean intersects3(CpuMask a, CpuMask b, CpuMask c) {
        for (int cpu = c.first(); cpu >= 0; cpu = c.next(cpu + 1)) {
            if (a.contains(cpu) && b.contains(cpu)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code migrate}: moves {@code u} to runqueue {@code trqd}. A running unit is only asked to ({@code
     * CSFLAG_runq_migrate_request}, its pCPU tickled) and moves when it is switched out; another leaves its runq and
     * runqueue, takes a pCPU of {@code trqd} (from its {@code pick_bias}) and, if it was queued, is queued and
     * tickled there.
     */
    void migrate(Credit2Unit u, Credit2Runqueue trqd, long now) {
        s.host.trace(now, TraceEvent.TRC_CSCHED2_MIGRATE, u.vcpu, u.rqd.id, trqd.id);
        if (u.scheduled) {
            u.migrateRqd = trqd;
            u.migrating = true;
            u.migrateRequest = true;
            s.tickler.tickleCpu(u.processor, u.rqd);
            return;
        }
        boolean onRunq = u.onRunq;
        if (onRunq) {
            u.rqd.remove(u);
            s.updateLoad(u.rqd, null, -1, now);
        }
        s.runqDeassign(u);
        int cpu = cycle(trqd.pickBias, u.vcpu.hardAffinity(), null, trqd.active);
        u.processor = cpu;
        trqd.pickBias = cpu;
        s.runqAssign(u, trqd, now);
        if (onRunq) {
            s.updateLoad(trqd, null, 1, now);
            s.runqInsert(u, now);
            s.tickler.runqTickle(u, now);
        }
    }

    /** {@code unit_is_migrateable}: not already asked to move, and its hard affinity meets {@code rqd}. */
    private static boolean migrateable(Credit2Unit u, Credit2Runqueue rqd) {
        return !u.migrateRequest && u.vcpu.hardAffinity().intersects(rqd.active);
    }

    /**
     * {@code balance_load}: finds the runqueue whose load is furthest from {@code cpu}'s; if the difference is worth
     * it (more than 1 runnable unit when under capacity, more than 1/8 when over), tries every push, pull and swap of
     * one unit each way and does the one that leaves the smallest difference, if any makes it smaller.
     */
    void balanceLoad(int cpu, long now) {
        bestPush = null;
        bestPull = null;
        lrqd = s.rqOf[cpu];
        int p = s.precisionShift;
        s.updateLoad(lrqd, null, 0, now);
        Credit2Runqueue maxDeltaRqd = null;
        loadDelta = 0;
        for (Credit2Runqueue rqd : s.runqueues) {
            orqd = rqd;
            if (orqd == lrqd) {
                continue;
            }
            s.updateLoad(orqd, null, 0, now);
            long delta = Math.abs(lrqd.bAvgload - orqd.bAvgload);
            if (delta > loadDelta) {
                loadDelta = delta;
                maxDeltaRqd = rqd;
            }
        }
        if (maxDeltaRqd == null) {
            return;
        }
        // As Xen does, the capacity check compares with the runqueue the scan above ended on (st.orqd).
        long loadMax = Math.max(lrqd.bAvgload, orqd.bAvgload);
        int cpusMax = Math.max(lrqd.nrCpus, orqd.nrCpus);
        s.host.trace(now, TraceEvent.TRC_CSCHED2_LOAD_CHECK, null, ((long) lrqd.id << 16) | orqd.id, loadDelta);
        int tolerance = loadMax < ((long) cpusMax << p) ? UNDERLOAD_BALANCE_TOLERANCE : OVERLOAD_BALANCE_TOLERANCE;
        if (loadDelta < (1L << (p + tolerance))) {
            return;
        }
        orqd = maxDeltaRqd;
        s.host.trace(now, TraceEvent.TRC_CSCHED2_LOAD_BALANCE, null, ((long) lrqd.id << 16) | orqd.id, loadDelta);

        boolean innerLoadUpdated = false;
        for (Credit2Unit push = lrqd.svcHead; push != null; push = push.svcNext) {
            Credit2Runqueue.updateUnitLoad(push, 0, now, p, s.windowShift);
            if (!migrateable(push, orqd)) {
                continue;
            }
            for (Credit2Unit pull = orqd.svcHead; pull != null; pull = pull.svcNext) {
                if (!innerLoadUpdated) {
                    Credit2Runqueue.updateUnitLoad(pull, 0, now, p, s.windowShift);
                }
                if (!migrateable(pull, lrqd)) {
                    continue;
                }
                consider(push, pull);
            }
            innerLoadUpdated = true;
            consider(push, null);
        }
        for (Credit2Unit pull = orqd.svcHead; pull != null; pull = pull.svcNext) {
            if (migrateable(pull, lrqd)) {
                consider(null, pull);
            }
        }
        Credit2Unit push = bestPush;
        Credit2Unit pull = bestPull;
        Credit2Runqueue l = lrqd;
        Credit2Runqueue o = orqd;
        if (push != null) {
            migrate(push, o, now);
        }
        if (pull != null) {
            migrate(pull, l, now);
        }
    }

    /** {@code consider}: keeps this push/pull pair if it leaves the loads closer than the best so far. */
    private void consider(Credit2Unit push, Credit2Unit pull) {
        long l = lrqd.bAvgload;
        long o = orqd.bAvgload;
        if (push != null) {
            l -= push.avgload;
            o += push.avgload;
        }
        if (pull != null) {
            l += pull.avgload;
            o -= pull.avgload;
        }
        long delta = Math.abs(l - o);
        if (delta < loadDelta) {
            loadDelta = delta;
            bestPush = push;
            bestPull = pull;
        }
    }
}
