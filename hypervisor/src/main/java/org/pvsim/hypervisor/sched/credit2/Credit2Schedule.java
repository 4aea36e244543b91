package org.pvsim.hypervisor.sched.credit2;

import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.CARRYOVER_MAX;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.CREDIT_INIT;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.CREDIT_MIN;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.CREDIT_RESET;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.IDLE_CREDIT;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.MAX_TIMER;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.MIGRATE_COMPENSATION;
import static org.pvsim.hypervisor.sched.credit2.Credit2Scheduler.MIN_TIMER;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.sched.ScheduleDecision;

/**
 * Credit2's decision on one pCPU ({@code csched2_schedule}, {@code runq_candidate}, {@code csched2_runtime}, {@code
 * reset_credit} and {@code csched2_context_saved}, {@code xen/common/sched/credit2.c}): charge the current unit,
 * choose between it and the runqueue, end the epoch when the best candidate has no credit left, grant a timeslice,
 * and save the unit switched out. pvsim switches contexts inside {@code do_schedule}, so {@code context_saved} runs
 * at the end of the decision.
 *
 * <p>Invariants: the unit chosen is runnable, unparked, not migrating, in its hard affinity for the pCPU and (if
 * capped) holding budget; a unit switched out that is still runnable is back on its runq, else it has left the load;
 * credit order on the runq survives a reset (everyone gets the same amount, clipped only at the top). Nothing here
 * allocates.
 */
final class Credit2Schedule {
    private final Credit2Scheduler s;

    Credit2Schedule(Credit2Scheduler s) {
        this.s = s;
    }

    /**
     * {@code csched2_schedule}: charges the current unit, picks the next with {@code runq_candidate}, ends the epoch
     * if the best candidate has no credit left ({@code reset_credit}, then {@code balance_load}), and grants a
     * timeslice ({@code csched2_runtime}). The unit switched out is then saved ({@code csched2_context_saved}).
     */
    void schedule(int cpu, long now, ScheduleDecision out) {
        Credit2Runqueue rqd = s.rqOf[cpu];
        Credit2Unit scurr = s.running[cpu];
        boolean tickled = rqd.tickled.contains(cpu);
        if (tickled) {
            rqd.tickled.clear(cpu);
            s.tickler.smtIdleMaskSet(cpu, rqd);
        }
        s.host.trace(
                now,
                TraceEvent.TRC_CSCHED2_SCHEDULE,
                null,
                cpu,
                ((long) rqd.id << 8)
                        | (scurr == null ? 4 : 0)
                        | (rqd.smtIdle.contains(cpu) ? 2 : 0)
                        | (tickled ? 1 : 0));

        if (scurr != null) {
            s.burnCredits(rqd, scurr, now);
            if (scurr.budget <= 0) {
                s.budget.grab(scurr, now);
            }
        }
        Credit2Unit snext = runqCandidate(rqd, scurr, cpu, now);
        if (snext != scurr && scurr != null && scurr.runnable()) {
            scurr.delayedRunqAdd = true;
        }

        long inflightCredit = 0;
        if (snext != null) {
            if (snext != scurr) {
                rqd.remove(snext);
                snext.scheduled = true;
            } else {
                s.updateLoad(rqd, snext, 0, now);
            }
            if (rqd.idle.contains(cpu)) {
                rqd.idle.clear(cpu);
                s.tickler.smtIdleMaskClear(cpu, rqd.smtIdle);
            }
            long top = rqd.runqHead == null ? snext.credit : Math.max(snext.credit, rqd.runqHead.credit);
            if (top <= CREDIT_RESET) {
                resetCredit(cpu, now, snext);
                s.balancer.balanceLoad(cpu, now);
            }
            if (scurr != null && scurr.delayedRunqAdd) {
                inflightCredit = scurr.credit;
            }
            snext.startTime = now;
            snext.tickledCpu = -1;
            if (snext.processor != cpu) {
                snext.credit += MIGRATE_COMPENSATION;
                snext.processor = cpu;
            }
        } else {
            if (!rqd.idle.contains(cpu)) {
                rqd.idle.set(cpu);
                s.tickler.smtIdleMaskSet(cpu, rqd);
            }
            s.updateLoad(rqd, null, 0, now);
        }

        long slice = runtime(cpu, snext, snext == scurr, now, inflightCredit);
        if (snext != scurr) {
            s.running[cpu] = snext;
            if (snext != null) {
                snext.stateEntryTime = now;
            }
            if (scurr != null) {
                contextSaved(scurr, now);
            }
        }
        out.set(snext == null ? null : snext.vcpu, slice);
    }

    /**
     * {@code runq_candidate}: the current unit, unless the rate limit keeps it anyway, competes with the runq: the
     * first queued unit with more credit (any, if the current one yielded) that may run here, is not left for the
     * pCPU tickled for it, beats the current one by {@code migrate_resist} if it comes from another pCPU, and has
     * budget. {@code null} means idle.
     */
    private Credit2Unit runqCandidate(Credit2Runqueue rqd, Credit2Unit scurr, int cpu, long now) {
        Credit2Unit snext = null;
        boolean yield = false;
        if (scurr != null) {
            yield = scurr.yield;
            scurr.yield = false;
            long ran = now - scurr.stateEntryTime;
            if (!yield && s.ratelimitUs != 0 && scurr.runnable() && ran < s.ratelimitUs * 1000L) {
                s.host.trace(now, TraceEvent.TRC_CSCHED2_RATELIMIT, scurr.vcpu, ran, 0);
                return scurr;
            }
            boolean softAffPreempt = false;
            Vcpu v = scurr.vcpu;
            if (Credit2Tickler.hasSoftAffinity(v) && !v.softAffinity().contains(cpu)) {
                softAffPreempt = s.tickler.idleUntickledSoftCpu(scurr, rqd);
            }
            if (scurr.runnable() && !softAffPreempt) {
                snext = scurr;
            }
        }
        long snextCredit = snext == null ? IDLE_CREDIT : snext.credit;
        Credit2Unit svc = rqd.runqHead;
        while (svc != null) {
            Credit2Unit next = svc.runqNext;
            if (!yield && svc.credit <= snextCredit) {
                break;
            }
            if (svc.runnable()
                    && svc.vcpu.hardAffinity().contains(cpu)
                    && !(svc.tickledCpu != -1 && svc.tickledCpu != cpu && rqd.tickled.contains(svc.tickledCpu))
                    && !(svc.processor != cpu && snextCredit + s.migrateResistNs > svc.credit)
                    && !(svc.hasCap() && !s.budget.grab(svc, now))) {
                return svc;
            }
            svc = next;
        }
        return snext;
    }

    /**
     * {@code csched2_runtime}: run until the unit's credit falls to that of the best waiting one (or the one being
     * switched out, {@code inflightCredit}), or to 0 if none has credit; no longer than its budget if capped; then
     * bounded by {@link Credit2Scheduler#MIN_TIMER} (or what is left of the rate limit) and {@link Credit2Scheduler#MAX_TIMER}.
     */
    private long runtime(int cpu, Credit2Unit snext, boolean stillRunning, long now, long inflightCredit) {
        if (snext == null) {
            return ScheduleDecision.NO_TIMESLICE;
        }
        Credit2Runqueue rqd = s.rqOf[cpu];
        long minTime = MIN_TIMER;
        if (s.ratelimitUs != 0) {
            long rl = s.ratelimitUs * 1000L;
            if (stillRunning) {
                rl = snext.stateEntryTime + rl - now;
            }
            minTime = Math.max(minTime, rl);
        }
        long rtCredit = snext.credit;
        long swaitCredit = 0;
        if (rqd.runqHead != null && rqd.runqHead.credit > 0) {
            swaitCredit = rqd.runqHead.credit;
        }
        swaitCredit = Math.max(swaitCredit, inflightCredit);
        if (swaitCredit > 0) {
            rtCredit = snext.credit - swaitCredit;
        }
        long time = rtCredit > 0 ? rqd.creditToTime(snext, rtCredit) : 0;
        if (snext.hasCap()) {
            time = Math.min(time, snext.budget);
        }
        return time < minTime ? minTime : Math.min(time, MAX_TIMER);
    }

    /**
     * {@code csched2_context_saved} (and the core's migration finish): {@code u} was switched out. Unused budget
     * goes back to its domain (waking parked units); a unit still runnable goes back on the runq and tickles,
     * otherwise it leaves the load.
     */
    private void contextSaved(Credit2Unit u, long now) {
        u.scheduled = false;
        s.host.trace(
                now, TraceEvent.TRC_CSCHED2_CREDIT_BURN, u.vcpu, u.credit, u.hasCap() ? u.budget : Integer.MIN_VALUE);
        Credit2Unit wereParked = null;
        if (u.hasCap() && u.budget > 0 && u.sdom.returnBudget(u)) {
            wereParked = u.sdom.takeParked();
        }
        boolean add = u.delayedRunqAdd;
        u.delayedRunqAdd = false;
        if (add && u.runnable()) {
            s.runqInsert(u, now);
            s.tickler.runqTickle(u, now);
        } else {
            s.updateLoad(u.rqd, u, -1, now);
        }
        s.budget.unpark(wereParked, now);
        s.finishMigration(u, now);
    }

    /**
     * {@code reset_credit}: an epoch ends on {@code cpu}'s runqueue. Every unit assigned to it gets {@link
     * Credit2Scheduler#CREDIT_INIT} more (twice that if {@code snext} sank to {@link Credit2Scheduler#CREDIT_MIN}), clipped at {@code CREDIT_INIT +
     * CARRYOVER_MAX}; running units are charged first. Order on the runq is unchanged.
     */
    private void resetCredit(int cpu, long now, Credit2Unit snext) {
        Credit2Runqueue rqd = s.rqOf[cpu];
        long reset = CREDIT_INIT;
        if (snext.credit == CREDIT_MIN) {
            reset += CREDIT_INIT;
        }
        for (Credit2Unit u = rqd.svcHead; u != null; u = u.svcNext) {
            if (s.running[u.processor] == u) {
                s.burnCredits(rqd, u, now);
                if (u.budget <= 0) {
                    s.tickler.tickleCpu(u.processor, rqd);
                }
            }
            long start = u.credit;
            u.credit = Math.min(u.credit + reset, CREDIT_INIT + CARRYOVER_MAX);
            u.startTime = now;
            s.host.trace(now, TraceEvent.TRC_CSCHED2_CREDIT_RESET, u.vcpu, start, u.credit);
        }
    }
}
