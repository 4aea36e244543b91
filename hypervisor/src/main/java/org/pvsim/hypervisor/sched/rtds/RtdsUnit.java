package org.pvsim.hypervisor.sched.rtds;

import org.pvsim.hypervisor.domain.Vcpu;

/**
 * What RTDS keeps per vCPU ({@code struct rt_unit}, {@code xen/common/sched/rt.c}): its reservation (period and
 * budget, in ns), where it stands in the current period (remaining budget, deadline, extratime priority level), and
 * its links in the run, depleted and replenishment queues. Created in {@code insertVcpu}, so queueing allocates
 * nothing.
 *
 * <p>Invariants: {@code 0 <= curBudget <= budget} whenever the unit is queued; a unit with {@code curBudget == 0} and
 * no extratime is on the depleted queue, never on the run queue; a runnable unit is on the replenishment queue (taken
 * off when it stops being runnable), and its position there is its {@link #curDeadline}.
 */
final class RtdsUnit {
    final Vcpu vcpu;

    /** The reservation: {@code budget} ns of CPU time in every {@code period} ns. */
    long period = RtdsParams.RTDS_DEFAULT_PERIOD;

    long budget = RtdsParams.RTDS_DEFAULT_BUDGET;

    /** {@code RTDS_extratime}: may run, at a lower priority level, once its budget is spent. Xen's default: on. */
    boolean extratime = true;

    /** Budget left in the current period (at the current priority level). */
    long curBudget;
    /** When the unit last started running or had its budget accounted ({@code last_start}). */
    long lastStart;
    /** The end of the current period; 0 until the first replenishment. */
    long curDeadline;
    /** 0 while within the reservation; +1 each time extratime refills a spent budget ({@code priority_level}). */
    int priorityLevel;
    /** {@code RTDS_depleted}: it ran out of budget without extratime and waits for its next period. */
    boolean depleted;

    /** The pCPU that was last told to run it, until it is switched out there ({@code RTDS_scheduled}); or -1. */
    int scheduledOn = -1;

    /** The link in the run queue or the depleted queue ({@code q_elem}). */
    final RtdsQueue.Node q = new RtdsQueue.Node(this);
    /** The link in the replenishment queue ({@code replq_elem}). */
    final RtdsQueue.Node repl = new RtdsQueue.Node(this);
    /** The chain of units replenished by one firing of the replenishment timer ({@code tmp_replq}). */
    RtdsUnit replenishedNext;

    /** Deadlines missed so far (pvsim's measurement; see {@link RtdsScheduler#deadlineMisses}). */
    long deadlineMisses;
    /** When the unit last got the budget it holds at level 0: a replenishment, or a wake within its period. */
    long reserveSince;
    /** The level-0 budget it held at {@link #reserveSince}. */
    long reserveBudget;

    RtdsUnit(Vcpu vcpu) {
        this.vcpu = vcpu;
    }

    /**
     * {@code compare_unit_priority}: positive if this unit has a higher priority than {@code o} (a lower level, or
     * the same level and an earlier deadline), negative if lower, 0 if equal.
     */
    long comparePriority(RtdsUnit o) {
        if (priorityLevel != o.priorityLevel) {
            return priorityLevel < o.priorityLevel ? 1 : -1;
        }
        return Long.compare(o.curDeadline, curDeadline);
    }

    /**
     * {@code rt_update_deadline}: {@code now} is at or past the deadline; the next deadline is the first period end
     * after {@code now} (periods stay aligned on the first one), with a full budget at level 0.
     */
    void startPeriod(long now) {
        long periods = (now - curDeadline) / period + 1;
        curDeadline += periods * period;
        lastStart = now;
        curBudget = budget;
        priorityLevel = 0;
        reserveSince = now;
        reserveBudget = budget;
    }

    /**
     * {@code burn_budget}: charges the time since {@link #lastStart}. Out of budget, a unit with extratime drops a
     * level and is refilled; one without is depleted. Returns the time charged, or -1 if the clock went backwards
     * (nothing is charged then).
     */
    long burn(long now) {
        long delta = now - lastStart;
        lastStart = now;
        if (delta < 0) {
            return -1;
        }
        curBudget -= delta;
        if (curBudget <= 0) {
            if (extratime) {
                if (priorityLevel < RtdsParams.RTDS_MAX_PRIORITY_LEVEL) {
                    priorityLevel++;
                }
                curBudget = budget;
            } else {
                curBudget = 0;
                depleted = true;
            }
        }
        return delta;
    }

    /**
     * At the end of the period ({@code now}, its deadline, before the next one starts): counts a miss if the unit is
     * runnable, still at level 0 with budget left, and had as much time since it got that budget as the budget
     * (see {@link RtdsScheduler#deadlineMisses}).
     */
    void countMissAtDeadline(long now) {
        if (!vcpu.isRunnable() || priorityLevel != 0) {
            return;
        }
        long left = curBudget - (vcpu.isRunning() ? now - lastStart : 0);
        if (left > 0 && curDeadline - reserveSince >= reserveBudget) {
            deadlineMisses++;
        }
    }

    @Override
    public String toString() {
        return vcpu + "{b=" + curBudget + "/" + budget + " d=" + curDeadline + " p=" + period + " lvl=" + priorityLevel
                + (extratime ? " extra" : "") + (depleted ? " depleted" : "") + "}";
    }
}
