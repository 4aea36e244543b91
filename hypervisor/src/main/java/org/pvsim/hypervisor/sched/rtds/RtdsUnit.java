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
    long period = RtdsScheduler.RTDS_DEFAULT_PERIOD;

    long budget = RtdsScheduler.RTDS_DEFAULT_BUDGET;

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

    @Override
    public String toString() {
        return vcpu + "{b=" + curBudget + "/" + budget + " d=" + curDeadline + " p=" + period + " lvl=" + priorityLevel
                + (extratime ? " extra" : "") + (depleted ? " depleted" : "") + "}";
    }
}
