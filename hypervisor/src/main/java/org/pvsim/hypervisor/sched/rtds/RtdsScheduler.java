package org.pvsim.hypervisor.sched.rtds;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerHost;
import org.pvsim.hypervisor.time.Timer;

/**
 * RTDS, the real-time deferrable server scheduler ({@code xen/common/sched/rt.c}): preemptive global earliest
 * deadline first over all the host's pCPUs (one cpupool).
 *
 * <p>Each vCPU is a deferrable server with a {@code period} and a {@code budget}. Its deadline is the end of its
 * current period; at each period's start its budget is refilled and what was left is lost. Budget burns only while
 * the vCPU runs. A vCPU that spends its budget either, with extratime, drops one priority level and gets a fresh
 * budget (it then runs only when no vCPU of a better level wants the CPU), or, without, waits on the depleted queue
 * until its next period. One host-wide timer fires at the earliest deadline of the runnable vCPUs and replenishes
 * every vCPU whose period is over ({@code repl_timer_handler}).
 *
 * <p>Invariants: the run queue holds exactly the runnable vCPUs that are not running and have budget (or extratime),
 * in (priority level, deadline) order; the depleted queue holds the runnable, not running, vCPUs without either; the
 * replenishment queue holds every runnable vCPU (and a running one until it is switched out), in deadline order, and
 * the timer is armed at its head's deadline. A pCPU runs the highest-priority vCPU its affinity allows: on a wake or
 * a replenishment ({@code runq_tickle}) an idle pCPU, or else the one running the lowest-priority vCPU, is tickled if
 * the newcomer beats it. A vCPU is granted the CPU until its budget would run out ({@code rt_schedule}).
 *
 * <p>Parameters follow {@code rt_dom_cntl}: {@link #putDomainParams} sets period and budget of every vCPU of the
 * domain, {@link #getDomainParams} returns the defaults, the per-vCPU calls set and read period, budget and extratime.
 * New values take effect at the vCPU's next replenishment. pvsim adds a measurement Xen does not have: {@link
 * #deadlineMisses}.
 */
public final class RtdsScheduler implements Scheduler {
    private SchedulerHost host;
    private final RtdsQueue runq = new RtdsQueue("runq", RtdsQueue.Order.PRIORITY);
    private final RtdsQueue depletedq = new RtdsQueue("depletedq", RtdsQueue.Order.NONE);
    private final RtdsQueue replq = new RtdsQueue("replq", RtdsQueue.Order.DEADLINE);
    private Timer replTimer;
    /** pCPUs tickled and not rescheduled yet ({@code prv->tickled}): not tickled again. */
    private boolean[] tickled;
    /** What each pCPU was last told to run ({@code RTDS_scheduled}): the core may switch it out without asking. */
    private RtdsUnit[] chosen;
    /** While {@link #doSchedule} runs: its pCPU and the unit it chose, which {@link #runqTickle} sees as current. */
    private int switchingCpu = -1;

    private RtdsUnit switchingTo;

    @Override
    public String name() {
        return "rtds";
    }

    @Override
    public int schedulerId() {
        return XenSchedulerId.XEN_SCHEDULER_RTDS.code;
    }

    /** {@code rt_init} and {@code rt_switch_sched}: the queues, and the replenishment timer. RTDS has no options. */
    @Override
    public void init(SchedulerHost host) {
        this.host = host;
        this.tickled = new boolean[host.nrPcpus()];
        this.chosen = new RtdsUnit[host.nrPcpus()];
        this.replTimer = host.newTimer("rtds-repl", -1, -1, 0, this::replenish);
    }

    /**
     * {@code rt_alloc_udata} and {@code rt_unit_insert}: the default reservation (10 ms / 4 ms, extratime on) and a
     * first period, whose deadline is the next multiple of the period; queued if already runnable.
     */
    @Override
    public void insertVcpu(Vcpu v, long now) {
        RtdsUnit u = new RtdsUnit(v);
        v.schedPriv = u;
        if (now >= u.curDeadline) {
            updateDeadline(u, now);
        }
        if (u.q.queue == null && v.isRunnable()) {
            replqInsert(u);
            if (!v.isRunning()) {
                runqInsert(u);
            }
        }
    }

    /** {@code rt_unit_remove}: off every queue. */
    @Override
    public void removeVcpu(Vcpu v, long now) {
        RtdsUnit u = unit(v);
        if (u.q.queue != null) {
            u.q.queue.remove(u.q);
        }
        if (u.repl.queue != null) {
            replqRemove(u);
        }
        if (u.scheduledOn >= 0) {
            chosen[u.scheduledOn] = null;
        }
        v.schedPriv = null;
    }

    /**
     * {@code rt_unit_sleep}: a running vCPU has its pCPU rescheduled (it leaves the replenishment queue when it is
     * switched out); a queued one leaves its queue and the replenishment queue, keeping its budget and deadline.
     */
    @Override
    public void sleep(Vcpu v, long now) {
        RtdsUnit u = unit(v);
        if (v.isRunning()) {
            host.tickle(v.processor());
        } else if (u.q.queue != null) {
            u.q.queue.remove(u.q);
            replqRemove(u);
        }
    }

    /**
     * {@code rt_unit_wake}: a vCPU whose deadline passed while it slept starts a new period (full budget, level 0);
     * otherwise it resumes with what was left of its period. It is queued, its replenishment is scheduled, and a pCPU
     * is tickled if it should run at once. A vCPU the core switched out and no decision has saved yet is queued by
     * that decision ({@code RTDS_delayed_runq_add}).
     */
    @Override
    public void wake(Vcpu v, long now) {
        RtdsUnit u = unit(v);
        if (v.isRunning() || u.q.queue != null) {
            return;
        }
        boolean missed = now >= u.curDeadline;
        if (missed) {
            updateDeadline(u, now);
        } else if (u.priorityLevel == 0) {
            u.reserveSince = now;
            u.reserveBudget = u.curBudget;
        }
        if (u.scheduledOn >= 0) {
            // switched out by the core and not saved yet: the next decision on its pCPU queues it
            if (u.repl.queue == null) {
                replqInsert(u);
            } else if (missed) {
                replqRemove(u);
                replqInsert(u);
            }
            return;
        }
        replqInsert(u);
        runqInsert(u);
        runqTickle(u, now);
    }

    /** RTDS has no {@code yield} hook; {@code vcpu_yield} still reschedules the pCPU, which re-picks by priority. */
    @Override
    public void yield(Vcpu v, long now) {
        if (v.isRunning()) {
            host.tickle(v.processor());
        }
    }

    /**
     * {@code rt_schedule} and {@code rt_context_saved}: burns the current vCPU's budget for the time it ran, then runs
     * the first vCPU of the run queue that may run here, unless the current one still has budget and a strictly
     * higher priority. The timeslice is the chosen vCPU's remaining budget. A vCPU switched out is queued again (and
     * may preempt elsewhere) if it is still runnable, or leaves the replenishment queue if not. A vCPU the core took
     * off this pCPU since the last decision ({@code vcpu_sleep_sync}) is switched out here, first.
     */
    @Override
    public void doSchedule(int pcpu, Vcpu prev, long now, ScheduleDecision out) {
        host.trace(now, TraceEvent.TRC_RTDS_SCHEDULE, prev, pcpu, (tickled[pcpu] ? 2 : 0) | (prev == null ? 1 : 0));
        tickled[pcpu] = false;
        RtdsUnit taken = chosen[pcpu];
        if (prev == null && taken != null) {
            burnBudget(taken, now);
            contextSaved(taken, pcpu, null, now);
        }
        RtdsUnit scurr = prev == null ? null : unit(prev);
        if (scurr != null) {
            burnBudget(scurr, now);
        }
        RtdsUnit snext = runqPick(pcpu, now);
        if (scurr != null
                && prev.isRunnable()
                && prev.hardAffinity().contains(pcpu)
                && scurr.curBudget > 0
                && (snext == null || scurr.comparePriority(snext) > 0)) {
            snext = scurr;
        }
        chosen[pcpu] = snext;
        if (snext == null) {
            out.set(null, ScheduleDecision.NO_TIMESLICE);
        } else {
            snext.lastStart = now;
            snext.scheduledOn = pcpu;
            if (snext != scurr) {
                runq.remove(snext.q);
            }
            out.set(snext.vcpu, snext.curBudget);
        }
        if (scurr != null && snext != scurr) {
            contextSaved(scurr, pcpu, snext, now);
        }
    }

    /**
     * {@code rt_context_saved}: {@code u} has left {@code pcpu}, which now runs {@code next}. Still runnable, it is
     * queued and may preempt another pCPU; otherwise it leaves the replenishment queue.
     */
    private void contextSaved(RtdsUnit u, int pcpu, RtdsUnit next, long now) {
        u.scheduledOn = -1;
        switchingCpu = pcpu;
        switchingTo = next;
        if (u.vcpu.isRunnable()) {
            runqInsert(u);
            runqTickle(u, now);
        } else if (u.repl.queue != null) {
            replqRemove(u);
        }
        switchingCpu = -1;
        switchingTo = null;
    }

    /**
     * {@code adjust_affinity} has no RTDS hook; Xen's core takes the vCPU off its pCPU and wakes it again. Here a
     * running vCPU is rescheduled only if its pCPU left its hard affinity, and a queued one is queued again and may
     * preempt a pCPU it can now use.
     */
    @Override
    public void affinityChanged(Vcpu v, long now) {
        RtdsUnit u = unit(v);
        if (v.isRunning()) {
            if (!v.hardAffinity().contains(v.processor())) {
                host.tickle(v.processor());
            }
        } else if (u.q.queue != null) {
            u.q.queue.remove(u.q);
            runqInsert(u);
            runqTickle(u, now);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Parameters (rt_dom_cntl)

    /**
     * {@code XEN_DOMCTL_SCHEDOP_getinfo}: Xen answers with the default period and budget (µs), not the domain's
     * (which may differ per vCPU), and leaves the flags as the caller passed them: so is {@link SchedParams#extratime}.
     */
    @Override
    public int getDomainParams(Domain d, SchedParams out) {
        out.periodUs = RtdsParams.RTDS_DEFAULT_PERIOD / RtdsParams.NS_PER_US;
        out.budgetUs = RtdsParams.RTDS_DEFAULT_BUDGET / RtdsParams.NS_PER_US;
        return 0;
    }

    /**
     * {@code XEN_DOMCTL_SCHEDOP_putinfo}: sets period and budget of every vCPU of {@code d}; extratime is not
     * changed. Unlike most policies' puts, a 0 field is not "unchanged": Xen's {@code rt_validate_params} refuses it
     * with {@code -EINVAL}, as it refuses a period or budget below 10 µs, a period above {@link RtdsParams#RTDS_MAX_PERIOD} and
     * a budget above the period. The vCPUs keep their current period's budget and deadline until their next
     * replenishment.
     */
    @Override
    public int putDomainParams(Domain d, SchedParams in, long now) {
        int rc = RtdsParams.validate(in.periodUs, in.budgetUs);
        if (rc != 0) {
            return rc;
        }
        for (int i = 0; i < d.maxVcpus(); i++) {
            RtdsUnit u = unit(d.vcpu(i));
            if (u != null) {
                u.period = in.periodUs * RtdsParams.NS_PER_US;
                u.budget = in.budgetUs * RtdsParams.NS_PER_US;
            }
        }
        return 0;
    }

    /** {@code XEN_DOMCTL_SCHEDOP_getvcpuinfo}: the vCPU's period and budget (µs) and its extratime flag. */
    @Override
    public int getVcpuParams(Vcpu v, SchedParams out) {
        RtdsUnit u = unit(v);
        out.periodUs = u.period / RtdsParams.NS_PER_US;
        out.budgetUs = u.budget / RtdsParams.NS_PER_US;
        out.extratime = u.extratime;
        return 0;
    }

    /**
     * {@code XEN_DOMCTL_SCHEDOP_putvcpuinfo}: sets the vCPU's period, budget and extratime flag, validated as {@link
     * #putDomainParams}. Turning extratime on for a vCPU that has spent its budget demotes it one level and refills
     * it at once, as if it had had extratime when it ran out (so a depleted vCPU moves to the run queue).
     */
    @Override
    public int putVcpuParams(Vcpu v, SchedParams in, long now) {
        int rc = RtdsParams.validate(in.periodUs, in.budgetUs);
        if (rc != 0) {
            return rc;
        }
        RtdsUnit u = unit(v);
        u.period = in.periodUs * RtdsParams.NS_PER_US;
        u.budget = in.budgetUs * RtdsParams.NS_PER_US;
        if (in.extratime && !u.extratime && u.curBudget <= 0) {
            u.priorityLevel++;
            u.curBudget = u.budget;
            u.depleted = false;
            if (u.q.queue != null) {
                u.q.queue.remove(u.q);
                runqInsert(u);
            }
        }
        u.extratime = in.extratime;
        return 0;
    }

    /** RTDS has no {@code adjust_global} hook, so Xen's {@code XEN_SYSCTL_SCHEDOP_getinfo} succeeds and says nothing. */
    @Override
    public int getGlobalParams(SchedGlobalParams out) {
        return 0;
    }

    /** As {@link #getGlobalParams}: {@code XEN_SYSCTL_SCHEDOP_putinfo} succeeds and changes nothing. */
    @Override
    public int putGlobalParams(SchedGlobalParams in, long now) {
        return 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Measurements

    /**
     * Deadlines {@code v} missed since it joined the policy: pvsim's measurement, Xen counts none. A miss is counted
     * at the end of a period (when the replenishment timer starts the next one) if all of these hold:
     *
     * <ul>
     *   <li>the vCPU is runnable at that instant (it wants the CPU: running, or waiting on the run queue);
     *   <li>it is still at priority level 0 with budget left, i.e. it did not receive its reservation for the period;
     *   <li>it had time to receive it: since it got the level-0 budget it held (at the period's start, or when it
     *       woke within the period) at least that much time passed before the deadline.
     * </ul>
     *
     * A vCPU that blocks with budget left, is paused, or wakes too close to its deadline to use its budget does not
     * miss; nor does one whose reservation was met (depleted, or demoted by extratime). Budget left over by a vCPU that
     * blocked in the period and woke again counts from its wake.
     */
    public long deadlineMisses(Vcpu v) {
        return unit(v).deadlineMisses;
    }

    /** Deadlines the vCPUs of {@code d} missed so far (see {@link #deadlineMisses(Vcpu)}). */
    public long deadlineMisses(Domain d) {
        long n = 0;
        for (int i = 0; i < d.maxVcpus(); i++) {
            RtdsUnit u = unit(d.vcpu(i));
            n += u == null ? 0 : u.deadlineMisses;
        }
        return n;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Budget and deadlines

    private static RtdsUnit unit(Vcpu v) {
        return (RtdsUnit) v.schedPriv;
    }

    /** {@code rt_update_deadline}, traced: {@code u} starts the period that contains {@code now}. */
    private void updateDeadline(RtdsUnit u, long now) {
        u.startPeriod(now);
        host.trace(now, TraceEvent.TRC_RTDS_BUDGET_REPLENISH, u.vcpu, u.curDeadline, u.curBudget);
    }

    /**
     * {@code burn_budget}, traced. Trace data: the budget left; the time charged (low 32 bits, as Xen truncates it),
     * the priority level (bits 32-62) and extratime (bit 63).
     */
    private void burnBudget(RtdsUnit u, long now) {
        long delta = u.burn(now);
        if (delta >= 0) {
            host.trace(
                    now,
                    TraceEvent.TRC_RTDS_BUDGET_BURN,
                    u.vcpu,
                    u.curBudget,
                    (delta & 0xFFFF_FFFFL) | ((long) u.priorityLevel << 32) | (u.extratime ? 1L << 63 : 0));
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Queues

    /** {@code runq_insert}: with budget or extratime on the run queue in priority order, else on the depleted queue. */
    private void runqInsert(RtdsUnit u) {
        if (u.curBudget > 0 || u.extratime) {
            runq.insert(u.q);
        } else {
            depletedq.insert(u.q);
        }
    }

    /** {@code runq_pick}: the first unit of the run queue whose hard affinity holds {@code pcpu}, or {@code null}. */
    private RtdsUnit runqPick(int pcpu, long now) {
        for (RtdsQueue.Node n = runq.head(); n != null; n = n.next) {
            RtdsUnit u = n.unit;
            if (u.vcpu.hardAffinity().contains(pcpu)) {
                host.trace(now, TraceEvent.TRC_RTDS_RUNQ_PICK, u.vcpu, u.curDeadline, u.curBudget);
                return u;
            }
        }
        return null;
    }

    /** {@code replq_insert}: the timer follows the queue's head. */
    private void replqInsert(RtdsUnit u) {
        if (replq.insert(u.repl)) {
            host.setTimer(replTimer, u.curDeadline);
        }
    }

    /** {@code replq_remove}: the timer follows the queue's head, and stops with an empty queue. */
    private void replqRemove(RtdsUnit u) {
        if (replq.remove(u.repl)) {
            if (replq.isEmpty()) {
                host.stopTimer(replTimer);
            } else {
                host.setTimer(replTimer, replq.first().curDeadline);
            }
        }
    }

    /**
     * {@code runq_tickle}: among the pCPUs {@code u} may use and that are not already tickled, starting at the one it
     * last ran on, tickles the first idle one; if none is idle, the one running the lowest-priority vCPU, if {@code u}
     * beats it.
     */
    private void runqTickle(RtdsUnit u, long now) {
        int n = host.nrPcpus();
        int start = u.vcpu.processor();
        RtdsUnit latest = null;
        int latestCpu = -1;
        for (int i = 0; i < n; i++) {
            int cpu = (start + i) % n;
            if (tickled[cpu] || !u.vcpu.hardAffinity().contains(cpu)) {
                continue;
            }
            RtdsUnit cur = currentOn(cpu);
            if (cur == null) {
                tickle(cpu, u, now);
                return;
            }
            if (latest == null || cur.comparePriority(latest) < 0) {
                latest = cur;
                latestCpu = cpu;
            }
        }
        if (latest != null && latest.comparePriority(u) < 0) {
            tickle(latestCpu, u, now);
        }
    }

    private RtdsUnit currentOn(int cpu) {
        if (cpu == switchingCpu) {
            return switchingTo;
        }
        Vcpu v = host.current(cpu);
        return v == null ? null : unit(v);
    }

    /**
     * Tickles {@code cpu} for {@code forUnit} and marks it tickled. The pCPU that is in {@link #doSchedule} is not
     * tickled: Xen would re-run {@code rt_schedule} there at once (the softirq raised by {@code rt_context_saved}) and
     * reach the same decision, since only a switched-out vCPU without budget can point back at its own pCPU; pvsim's
     * execution engine would instead honour the tickle only after the next guest step, and the tickled mark would
     * keep every wake and replenishment meanwhile from preempting that pCPU.
     */
    private void tickle(int cpu, RtdsUnit forUnit, long now) {
        if (cpu == switchingCpu) {
            return;
        }
        host.trace(now, TraceEvent.TRC_RTDS_TICKLE, forUnit.vcpu, cpu, 0);
        tickled[cpu] = true;
        host.tickle(cpu);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Replenishment

    /**
     * {@code repl_timer_handler}: every unit whose deadline has come starts its next period (and moves in the run
     * queue, or from the depleted queue to the run queue). Then, for each (last replenished first): if it is running
     * and the run queue's head now beats it, that head gets a pCPU tickled; if it was depleted and is queued, it gets
     * one. The timer is re-armed at the new earliest deadline.
     */
    private void replenish(long now) {
        RtdsUnit done = null;
        while (!replq.isEmpty()) {
            RtdsUnit u = replq.first();
            if (now < u.curDeadline) {
                break;
            }
            replq.remove(u.repl);
            u.countMissAtDeadline(now);
            updateDeadline(u, now);
            u.replenishedNext = done;
            done = u;
            if (u.q.queue != null) {
                u.q.queue.remove(u.q);
                runqInsert(u);
            }
        }
        while (done != null) {
            RtdsUnit u = done;
            done = u.replenishedNext;
            u.replenishedNext = null;
            if (u.vcpu.isRunning() && !runq.isEmpty()) {
                RtdsUnit head = runq.first();
                if (u.comparePriority(head) < 0) {
                    runqTickle(head, now);
                }
            } else {
                boolean wasDepleted = u.depleted;
                u.depleted = false;
                if (wasDepleted && u.q.queue != null) {
                    runqTickle(u, now);
                }
            }
            replq.insert(u.repl);
        }
        if (!replq.isEmpty()) {
            host.setTimer(replTimer, replq.first().curDeadline);
        }
    }
}
