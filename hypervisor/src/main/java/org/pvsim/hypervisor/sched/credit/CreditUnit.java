package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.domain.Vcpu;

/**
 * Credit's per-vCPU state ({@code struct csched_unit}, {@code xen/common/sched/credit.c}): its credit, priority and
 * flags, the pCPU whose runqueue it belongs to, and its links in that runqueue and in its domain's active list.
 * Created once in {@code insertVcpu}; the lists are intrusive, so queueing a vCPU allocates nothing.
 *
 * <p>Invariants: {@link #onRunq} exactly when the vCPU is linked in the runqueue of {@link #cpu}; a queued vCPU is
 * runnable, not running, and {@link #cpu} is in its hard affinity; {@link #active} exactly when it is linked in its
 * domain's active list ({@link CreditAccounting}).
 */
final class CreditUnit {
    /** {@code CSCHED_PRI_TS_BOOST}: woke up while UNDER; runs before everything else. */
    static final int PRI_TS_BOOST = 0;
    /** {@code CSCHED_PRI_TS_UNDER}: has credit left. */
    static final int PRI_TS_UNDER = -1;
    /** {@code CSCHED_PRI_TS_OVER}: has used up its credit. */
    static final int PRI_TS_OVER = -2;
    /** {@code CSCHED_PRI_IDLE}: the idle vCPU's priority (pvsim has no idle vCPU object; an idle pCPU has it). */
    static final int PRI_IDLE = -64;

    final Vcpu vcpu;
    final CreditDomain sdom;

    /** The pCPU whose runqueue this vCPU belongs to ({@code sched_unit_master}); where it runs, if it runs. */
    int cpu;
    /** {@code pri}: one of the {@code PRI_*} values. */
    int pri = PRI_TS_UNDER;
    /** {@code credit}: 10 per ms of a timeslice share, burned at 10 per ms of running. */
    int credit;
    /**
     * {@code start_time}: while running, the instant up to which its running time has been charged in credits; the
     * part of a credit not yet charged stays in {@code now - startTime} (while descheduled, it is kept as a negative
     * offset, as Xen does with {@code start_time -= now}).
     */
    long startTime;
    /** {@code last_sched_time}: when it was last descheduled (for the cache-hot migration delay). */
    long lastSchedTime;
    /** When {@code sleep} was last called while it ran: when the core's synchronous pause switched it out, if it did. */
    long sleptAt;

    /** {@code CSCHED_FLAG_UNIT_PARKED}: over its cap; paused until its credit is positive again. */
    boolean parked;
    /** {@code CSCHED_FLAG_UNIT_YIELD}: yielded; goes behind others of its priority, is not stolen. */
    boolean yielding;
    /** {@code CSCHED_FLAG_UNIT_MIGRATING}: was placed by {@code pick_cpu}; its next wake is not boosted. */
    boolean migrating;
    /** {@code CSCHED_FLAG_UNIT_PINNED}: its hard affinity is a single pCPU. */
    boolean pinned;
    /**
     * Xen's {@code _VPF_migrating} for a running vCPU: it is to move to another pCPU when descheduled (set by the
     * tick's {@code pick_cpu} or by an affinity change).
     */
    boolean migratePending;

    boolean onRunq;
    CreditUnit runqPrev;
    CreditUnit runqNext;

    boolean active;
    CreditUnit activePrev;
    CreditUnit activeNext;

    CreditUnit(Vcpu vcpu, CreditDomain sdom) {
        this.vcpu = vcpu;
        this.sdom = sdom;
    }

    /**
     * {@code burn_credits}: charges this running vCPU 10 credits per ms since {@link #startTime}; the part of a credit
     * not charged yet stays in {@code now - startTime}, so over any run no time is lost or counted twice.
     */
    void burn(long now) {
        long delta = now - startTime;
        if (delta <= 0) {
            return;
        }
        long credits = delta * CreditTunables.CREDITS_PER_MSEC / CreditTunables.MILLISECS;
        credit -= (int) credits;
        startTime += credits * CreditTunables.MILLISECS / CreditTunables.CREDITS_PER_MSEC;
    }

    @Override
    public String toString() {
        return vcpu + "[pri=" + pri + " credit=" + credit + " cpu=" + cpu + (parked ? " parked" : "")
                + (yielding ? " yield" : "") + "]";
    }
}
