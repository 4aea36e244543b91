package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.domain.Vcpu;

/**
 * Credit2's view of one vCPU ({@code struct csched2_unit}, {@code xen/common/sched/credit2.c}): its credit, weight and
 * budget, the runqueue it is assigned to, and the links of the intrusive lists it may be on (the runqueue's ordered
 * {@code runq}, the runqueue's {@code svc} list of assigned units, its domain's {@code parked_units}). Created once in
 * {@code insertVcpu}, so queueing and dequeueing allocate nothing.
 *
 * <p>Invariants: {@link #credit} stays in {@code [CREDIT_MIN, CREDIT_INIT + CARRYOVER_MAX + MIGRATE_COMPENSATION]};
 * {@link #onRunq} holds exactly when the unit is on {@code rqd}'s runq; a unit is on at most one runq, that of its
 * {@link #rqd}; {@link #budget} is {@link Credit2Scheduler#STIME_MAX} exactly when its domain has no cap.
 */
final class Credit2Unit {
    final Vcpu vcpu;
    final Credit2Domain sdom;

    /** The runqueue it is assigned to ({@code svc->rqd}); {@code null} only between deassign and assign. */
    Credit2Runqueue rqd;
    /** The pCPU it belongs to ({@code sched_unit_master}): where it runs or last ran, or was placed. */
    int processor;

    /** Credit in ns of run time at the highest weight of the runqueue. */
    long credit = Credit2Scheduler.CREDIT_INIT;
    /** Its domain's weight. */
    int weight;
    /** The remainder of the last time-to-credit division ({@code residual}). */
    long residual;

    /** {@code CSFLAG_scheduled}: it is current on a pCPU (chosen by do_schedule and not yet switched out). */
    boolean scheduled;
    /** {@code CSFLAG_delayed_runq_add}: put it back on the runq once it is switched out. */
    boolean delayedRunqAdd;
    /** {@code CSFLAG_runq_migrate_request}: load balancing asked it to move to {@link #migrateRqd}. */
    boolean migrateRequest;
    /** {@code CSFLAG_unit_yield}: it yielded; the next do_schedule prefers someone else. */
    boolean yield;
    /** {@code CSFLAG_pinned}: its hard affinity is a single pCPU. */
    boolean pinned;
    /** {@code _VPF_parked}: its capped domain had no budget for it; it waits for a refill, off the runq. */
    boolean parked;
    /** {@code _VPF_migrating}: it must be switched out and placed again ({@code sched_unit_migrate_start}). */
    boolean migrating;
    /** The runqueue load balancing wants it on ({@code migrate_rqd}). */
    Credit2Runqueue migrateRqd;
    /** The pCPU tickled to pick it up, or -1 ({@code tickled_cpu}). */
    int tickledCpu = -1;

    /** Budget grabbed from the domain pool, or {@link Credit2Scheduler#STIME_MAX} when uncapped. */
    long budget = Credit2Scheduler.STIME_MAX;
    /** How much it grabs from the pool at a time ({@code budget_quota}). */
    long budgetQuota;

    /** When its credit was last burned ({@code start_time}). */
    long startTime;
    /** When it was last switched in ({@code state_entry_time} while running), for the rate limit. */
    long stateEntryTime;

    /** Its contribution to load: an EWMA of its runnability, in load precision fixed point. */
    long avgload;
    /** When {@link #avgload} was last updated, in {@code now >> LOADAVG_GRANULARITY_SHIFT} units. */
    long loadLastUpdate;

    boolean onRunq;
    Credit2Unit runqPrev;
    Credit2Unit runqNext;

    Credit2Unit svcPrev;
    Credit2Unit svcNext;

    boolean onParked;
    Credit2Unit parkedNext;

    Credit2Unit(Vcpu vcpu, Credit2Domain sdom) {
        this.vcpu = vcpu;
        this.sdom = sdom;
        this.weight = sdom.weight;
    }

    /** {@code has_cap}: its domain has a cap, so it runs on budget. */
    boolean hasCap() {
        return budget != Credit2Scheduler.STIME_MAX;
    }

    /** {@code unit_runnable}, as credit2 sees it: runnable for the core, and neither parked nor migrating. */
    boolean runnable() {
        return vcpu.isRunnable() && !parked && !migrating;
    }

    @Override
    public String toString() {
        return "d" + vcpu.domain().domid() + "v" + vcpu.vcpuId() + "[credit=" + credit + " w=" + weight + " cpu="
                + processor + "]";
    }
}
