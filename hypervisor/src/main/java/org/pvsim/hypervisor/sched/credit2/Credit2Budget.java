package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.domain.Domain;

/**
 * The scheduler's side of credit2's caps ({@code xen/common/sched/credit2.c}): grabbing budget before a unit runs
 * (parking it when the pool is dry, {@code unit_grab_budget}, {@code park_unit}), unparking units when budget comes
 * back ({@code unpark_parked_units}), the per-domain refill timer ({@code replenish_domain_budget}), and turning a
 * cap on, changing it or off ({@code csched2_dom_cntl}). The pool itself is {@link Credit2Domain}'s.
 *
 * <p>Invariants: a parked unit is on neither a runq nor the load; an unparked runnable unit is queued and counted
 * again; the refill timer is armed exactly while the domain has a cap. Grabbing, unparking and refilling allocate
 * nothing.
 */
final class Credit2Budget {
    private final Credit2Scheduler s;

    Credit2Budget(Credit2Scheduler s) {
        this.s = s;
    }

    /**
     * {@code unit_grab_budget}: a unit that finds no budget is parked, and if it was queued it leaves the runq and
     * the load ({@code park_unit}).
     *
     * @return whether it holds budget to run
     */
    boolean grab(Credit2Unit u, long now) {
        boolean ok = u.sdom.grabBudget(u);
        if (!ok && u.onRunq) {
            u.rqd.remove(u);
            s.updateLoad(u.rqd, u, -1, now);
        }
        return ok;
    }

    /** {@code unpark_parked_units}: the chain from {@code head} may run again; runnable ones are queued and tickle. */
    void unpark(Credit2Unit head, long now) {
        Credit2Unit u = head;
        while (u != null) {
            Credit2Unit next = u.parkedNext;
            u.parkedNext = null;
            u.onParked = false;
            u.parked = false;
            if (u.scheduled) {
                u.delayedRunqAdd = true;
            } else if (u.runnable() && !u.onRunq) {
                s.updateLoad(u.rqd, u, 1, now);
                s.runqInsert(u, now);
                s.tickler.runqTickle(u, now);
            }
            u = next;
        }
    }

    /** {@code replenish_domain_budget}: the refill timer of a capped domain fired at {@code now}. */
    void replenish(Credit2Domain sdom, long now) {
        if (sdom.replenish(now, s.capPeriodNs)) {
            unpark(sdom.takeParked(), now);
        }
        s.host.setTimer(sdom.replTimer, sdom.nextRepl);
    }

    /**
     * Sets a cap of {@code cap}% ({@code csched2_dom_cntl}): {@code cap% x period} per period, each unit grabbing
     * {@code max(total / nr_units, MIN_TIMER)} at a time. A domain that had no cap starts with a full pool and its
     * refill timer; its units start with no budget, so they grab some before running on, and running ones are
     * charged up to now (before budget accounting starts) and rescheduled.
     */
    void setCap(Domain d, Credit2Domain sdom, int cap, long now) {
        sdom.totBudget = s.capPeriodNs * cap / 100;
        for (int i = 0; i < d.maxVcpus(); i++) {
            Credit2Unit u = Credit2Scheduler.unit(d.vcpu(i));
            if (u != null) {
                u.budgetQuota = Math.max(sdom.totBudget / sdom.nrUnits, Credit2Scheduler.MIN_TIMER);
            }
        }
        if (sdom.cap == 0) {
            sdom.budget = sdom.totBudget;
            sdom.nextRepl = now + s.capPeriodNs;
            s.host.setTimer(sdom.replTimer, sdom.nextRepl);
            for (int i = 0; i < d.maxVcpus(); i++) {
                Credit2Unit u = Credit2Scheduler.unit(d.vcpu(i));
                if (u == null) {
                    continue;
                }
                if (s.running[u.processor] == u) {
                    s.burnCredits(u.rqd, u, now);
                    u.rqd.tickled.set(u.processor);
                    s.host.tickle(u.processor);
                }
                u.budget = 0;
            }
        }
        sdom.cap = cap;
    }

    /** Removes the cap: the refill timer stops, budgets are unlimited again and parked units are freed. */
    void removeCap(Domain d, Credit2Domain sdom, long now) {
        s.host.stopTimer(sdom.replTimer);
        for (int i = 0; i < d.maxVcpus(); i++) {
            Credit2Unit u = Credit2Scheduler.unit(d.vcpu(i));
            if (u != null) {
                u.budget = Credit2Scheduler.STIME_MAX;
                u.budgetQuota = 0;
            }
        }
        sdom.cap = 0;
        unpark(sdom.takeParked(), now);
    }
}
