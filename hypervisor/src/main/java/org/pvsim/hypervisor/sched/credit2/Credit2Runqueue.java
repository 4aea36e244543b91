package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.machine.CpuMask;

/**
 * One credit2 runqueue ({@code struct csched2_runqueue_data}, {@code xen/common/sched/credit2.c}), shared by a group
 * of pCPUs: the runnable units waiting to run, ordered by credit; every unit assigned to it (running, waiting or
 * blocked) and their highest weight, which sets the burn rate; the pCPUs that are idle or tickled; and its load, the
 * number of runnable units, with its exponentially weighted average.
 *
 * <p>Invariants: the runq is sorted by non-increasing credit, ties in insertion order ({@code runq_insert}); every
 * unit on it is assigned here; {@link #maxWeight} is the highest weight of the assigned units, or 1 when there are
 * none; {@link #load} counts the runnable assigned units (queued or running); {@link #avgload} and {@link #bAvgload}
 * are never negative.
 */
final class Credit2Runqueue {
    /** Its id ({@code id}), 0-based, in the order runqueues were made. */
    final int id;
    /** Its pCPUs ({@code active}). */
    final CpuMask active;
    /** Its pCPUs that run nothing ({@code idle}). */
    final CpuMask idle;
    /** Its pCPUs asked to reschedule that have not yet done so ({@code tickled}). */
    final CpuMask tickled;
    /** Its pCPUs whose whole core is idle and untickled ({@code smt_idle}). */
    final CpuMask smtIdle;
    /** How many pCPUs it has ({@code nr_cpus}). */
    int nrCpus;
    /** Where the next placement starts looking ({@code pick_bias}). */
    int pickBias;

    /** The highest weight among the assigned units ({@code max_weight}). */
    int maxWeight = 1;

    /** Runnable units not running: the head has the most credit. */
    Credit2Unit runqHead;

    Credit2Unit runqTail;
    /** Every unit assigned here ({@code svc}), in assignment order. */
    Credit2Unit svcHead;

    Credit2Unit svcTail;

    /** Instantaneous load: runnable units assigned here ({@code load}). */
    int load;
    /** When the averages were last updated, in {@code now >> LOADAVG_GRANULARITY_SHIFT} units. */
    long loadLastUpdate;
    /** Decaying average of {@link #load}, in fixed point ({@code avgload}). */
    long avgload;
    /** {@link #avgload} adjusted by the units moved in and out since ({@code b_avgload}), used to balance. */
    long bAvgload;

    Credit2Runqueue(int id, int nrPcpus) {
        this.id = id;
        this.active = CpuMask.none(nrPcpus);
        this.idle = CpuMask.none(nrPcpus);
        this.tickled = CpuMask.none(nrPcpus);
        this.smtIdle = CpuMask.none(nrPcpus);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The runq, ordered by credit

    /**
     * {@code runq_insert}: queues {@code u} behind every unit with at least as much credit.
     *
     * @return its position (0 = head)
     */
    int insert(Credit2Unit u) {
        int pos = 0;
        Credit2Unit at = runqHead;
        while (at != null && u.credit <= at.credit) {
            at = at.runqNext;
            pos++;
        }
        u.onRunq = true;
        u.runqNext = at;
        u.runqPrev = at == null ? runqTail : at.runqPrev;
        if (u.runqPrev == null) {
            runqHead = u;
        } else {
            u.runqPrev.runqNext = u;
        }
        if (at == null) {
            runqTail = u;
        } else {
            at.runqPrev = u;
        }
        return pos;
    }

    /** {@code runq_remove}. */
    void remove(Credit2Unit u) {
        if (!u.onRunq) {
            return;
        }
        if (u.runqPrev == null) {
            runqHead = u.runqNext;
        } else {
            u.runqPrev.runqNext = u.runqNext;
        }
        if (u.runqNext == null) {
            runqTail = u.runqPrev;
        } else {
            u.runqNext.runqPrev = u.runqPrev;
        }
        u.runqPrev = null;
        u.runqNext = null;
        u.onRunq = false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Assignment and the maximum weight

    /** Adds {@code u} to the assigned units ({@code _runq_assign}, without the trace and the load). */
    void assign(Credit2Unit u) {
        u.rqd = this;
        u.svcNext = null;
        u.svcPrev = svcTail;
        if (svcTail == null) {
            svcHead = u;
        } else {
            svcTail.svcNext = u;
        }
        svcTail = u;
        bAvgload += u.avgload;
    }

    /** Removes {@code u} from the assigned units ({@code _runq_deassign}, without the max weight update). */
    void deassign(Credit2Unit u) {
        if (u.svcPrev == null) {
            svcHead = u.svcNext;
        } else {
            u.svcPrev.svcNext = u.svcNext;
        }
        if (u.svcNext == null) {
            svcTail = u.svcPrev;
        } else {
            u.svcNext.svcPrev = u.svcPrev;
        }
        u.svcPrev = null;
        u.svcNext = null;
        bAvgload = Math.max(bAvgload - u.avgload, 0);
        u.rqd = null;
    }

    /**
     * {@code update_max_weight}: a unit's weight went from {@code oldWeight} (0 if it just arrived) to {@code
     * newWeight} (0 if it just left). A rise is taken at once; if the old maximum went away, the assigned units are
     * searched.
     */
    void updateMaxWeight(int newWeight, int oldWeight) {
        if (newWeight > maxWeight) {
            maxWeight = newWeight;
        } else if (oldWeight == maxWeight) {
            int max = 1;
            for (Credit2Unit u = svcHead; u != null; u = u.svcNext) {
                max = Math.max(max, u.weight);
            }
            maxWeight = max;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Credit

    /**
     * {@code t2c_update}: {@code u} ran {@code time} ns; it burns {@code time * maxWeight / weight} credit (the
     * heaviest unit 1 per ns), the division's remainder carried in {@code residual}, floored at {@code CREDIT_MIN}.
     */
    void burn(Credit2Unit u, long time) {
        long val = time * maxWeight + u.residual;
        u.residual = val % u.weight;
        val /= u.weight;
        u.credit = Math.max(u.credit - val, Credit2Scheduler.CREDIT_MIN);
    }

    /** {@code c2t}: how long {@code u} runs to burn {@code credit}. */
    long creditToTime(Credit2Unit u, long credit) {
        return credit * u.weight / maxWeight;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Load tracking (update_runq_load, update_svc_load)

    /**
     * {@code update_runq_load}: folds the load since the last update into the averages, then adds {@code change}:
     * {@code avg += delta * (load << P) / W - delta * avg / W}, restarting at {@code load << P} after a whole window.
     */
    void updateLoad(int change, long now, int precisionShift, int windowShift) {
        long t = now >> Credit2Scheduler.LOADAVG_GRANULARITY_SHIFT;
        long l = (long) load << precisionShift;
        if (loadLastUpdate + (1L << windowShift) < t) {
            avgload = l;
            bAvgload = l;
        } else {
            long delta = Math.max(t - loadLastUpdate, 0);
            avgload = avgload + ((delta * l) >> windowShift) - ((delta * avgload) >> windowShift);
            bAvgload = bAvgload + ((delta * l) >> windowShift) - ((delta * bAvgload) >> windowShift);
        }
        load += change;
        loadLastUpdate = t;
    }

    /**
     * {@code update_svc_load}: the same average for one unit, whose instantaneous load is 1 while runnable. {@code
     * change} is the runqueue load change that comes with it: -1 means it was runnable until now, +1 that it was not.
     */
    static void updateUnitLoad(Credit2Unit u, int change, long now, int precisionShift, int windowShift) {
        long unitLoad = change == -1 ? 1 : change == 1 ? 0 : u.runnable() ? 1 : 0;
        long t = now >> Credit2Scheduler.LOADAVG_GRANULARITY_SHIFT;
        long l = unitLoad << precisionShift;
        if (u.loadLastUpdate + (1L << windowShift) < t) {
            u.avgload = l;
        } else {
            long delta = Math.max(t - u.loadLastUpdate, 0);
            u.avgload = u.avgload + ((delta * l) >> windowShift) - ((delta * u.avgload) >> windowShift);
        }
        u.loadLastUpdate = t;
    }

    @Override
    public String toString() {
        return "rq" + id + "{cpus=" + active + " load=" + load + " maxWeight=" + maxWeight + "}";
    }
}
