package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.time.Timer;

/**
 * Credit's per-pCPU state ({@code struct csched_pcpu}): the runqueue, the count of runnable vCPUs that belong here,
 * the credit tick timer and the load-balancing bookkeeping.
 *
 * <p>The runqueue is an intrusive list of {@link CreditUnit}s in priority order, FIFO within a priority
 * ({@code __runq_insert}); Xen also keeps its idle vCPU at the tail, pvsim leaves it implicit. Priorities of queued
 * vCPUs change at accounting without moving them, so between an accounting and this pCPU's next tick UNDER vCPUs may
 * sit behind OVER ones; {@link #sort} restores the order ({@code csched_runq_sort}).
 *
 * <p>Invariant: {@link #nrRunnable} counts the queued vCPUs plus the one running here, if any ({@code nr_runnable}).
 */
final class CreditPcpu {
    final int cpu;

    CreditUnit runqHead;
    CreditUnit runqTail;
    /** {@code nr_runnable}. */
    int nrRunnable;
    /** {@code runq_sort_last}: the accounting epoch this runqueue was last sorted for. */
    long runqSortLast;
    /** {@code idle_bias}: where {@code pick_cpu} starts looking among this pCPU's idle siblings. */
    int idleBias;
    /** {@code last_load_balance}. */
    long lastLoadBalance;
    /** Ticks so far ({@code tick}). */
    long ticks;
    /** {@code ticker}: the credit tick, armed while the pCPU runs a vCPU. */
    Timer ticker;
    /** The vCPU this pCPU's last {@code do_schedule} chose, or {@code null}: what credit believes runs here. */
    CreditUnit curr;

    CreditPcpu(int cpu, int nrCpus) {
        this.cpu = cpu;
        this.idleBias = nrCpus - 1;
    }

    /** The first queued vCPU, or {@code null} (the idle vCPU would run). */
    CreditUnit first() {
        return runqHead;
    }

    boolean isEmpty() {
        return runqHead == null;
    }

    /**
     * {@code __runq_insert}: after every vCPU of higher or equal priority; a yielding vCPU goes one place further,
     * behind the first vCPU of lower priority, if that one is followed by another or by the idle vCPU
     * ({@code idleQueued}: the pCPU is not idle now, so Xen's idle vCPU sits at the tail).
     */
    void insert(CreditUnit svc, boolean idleQueued) {
        if (svc.onRunq) {
            throw new IllegalStateException(svc + " is already on the runqueue of pCPU " + cpu);
        }
        CreditUnit iter = runqHead;
        while (iter != null && svc.pri <= iter.pri) {
            iter = iter.runqNext;
        }
        if (svc.yielding && iter != null && (iter.runqNext != null || idleQueued)) {
            iter = iter.runqNext;
        }
        linkBefore(svc, iter);
    }

    /** {@code __runq_remove}: unlinks {@code svc} and clears its yield flag. */
    void remove(CreditUnit svc) {
        if (!svc.onRunq) {
            throw new IllegalStateException(svc + " is not on the runqueue of pCPU " + cpu);
        }
        unlink(svc);
        svc.yielding = false;
    }

    /**
     * {@code csched_runq_sort}: moves every vCPU of priority UNDER or BOOST ahead of the OVER ones, keeping the order
     * within each group. O(n), once per accounting epoch.
     */
    void sort() {
        CreditUnit lastUnder = null;
        CreditUnit elem = runqHead;
        while (elem != null) {
            CreditUnit next = elem.runqNext;
            if (elem.pri >= CreditUnit.PRI_TS_UNDER) {
                if (elem.runqPrev != lastUnder) {
                    unlink(elem);
                    linkBefore(elem, lastUnder == null ? runqHead : lastUnder.runqNext);
                }
                lastUnder = elem;
            }
            elem = next;
        }
    }

    private void linkBefore(CreditUnit svc, CreditUnit before) {
        CreditUnit after = before == null ? runqTail : before.runqPrev;
        svc.runqPrev = after;
        svc.runqNext = before;
        if (after == null) {
            runqHead = svc;
        } else {
            after.runqNext = svc;
        }
        if (before == null) {
            runqTail = svc;
        } else {
            before.runqPrev = svc;
        }
        svc.onRunq = true;
    }

    private void unlink(CreditUnit svc) {
        if (svc.runqPrev == null) {
            runqHead = svc.runqNext;
        } else {
            svc.runqPrev.runqNext = svc.runqNext;
        }
        if (svc.runqNext == null) {
            runqTail = svc.runqPrev;
        } else {
            svc.runqNext.runqPrev = svc.runqPrev;
        }
        svc.runqPrev = null;
        svc.runqNext = null;
        svc.onRunq = false;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("cpu" + cpu + " nr_runnable=" + nrRunnable + " runq=[");
        for (CreditUnit u = runqHead; u != null; u = u.runqNext) {
            s.append(u).append(u.runqNext != null ? ", " : "");
        }
        return s.append(']').toString();
    }
}
