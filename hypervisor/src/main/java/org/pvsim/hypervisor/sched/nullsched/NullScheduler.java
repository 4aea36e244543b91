package org.pvsim.hypervisor.sched.nullsched;

import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerHost;

/**
 * The null scheduler ({@code xen/common/sched/null.c}), for static setups with no more vCPUs than pCPUs: each pCPU
 * has at most one assigned vCPU and runs it whenever it is runnable, else idles; there are no timeslices and no
 * parameters.
 *
 * <p>A vCPU is assigned when it comes online (Xen's insert assigns only an online unit, and pvsim's vCPUs join the
 * policy offline; {@code null_unit_wake} then assigns it): to the pCPU it was placed on if that one is free and in its
 * affinity, else it joins the global FIFO wait queue and every free pCPU of its hard affinity is tickled, the first to
 * schedule taking it. A pCPU is freed when its vCPU is removed, goes offline ({@code VCPUOP_down}: {@code
 * null_unit_sleep} of an offline unit), or moves away after an affinity change; the first waiter it suits (soft
 * affinity preferred) takes it at once. Blocking or pausing does not free a pCPU.
 *
 * <p>Invariants: {@code assigned[p]} is the only vCPU pCPU {@code p} ever runs; a vCPU is assigned to at most one
 * pCPU, inside its hard affinity, and is then not on the wait queue; the wait queue is in arrival order. A vCPU
 * changes pCPU only through an affinity change ({@code null_unit_migrate}).
 */
public final class NullScheduler implements Scheduler {
    private SchedulerHost host;
    /** The unit assigned to each pCPU ({@code null_pcpu.unit}); {@code null} for a free pCPU ({@code cpus_free}). */
    private NullUnit[] assigned;

    private NullUnit waitHead;
    private NullUnit waitTail;

    @Override
    public String name() {
        return "null";
    }

    @Override
    public int schedulerId() {
        return XenSchedulerId.XEN_SCHEDULER_NULL.code;
    }

    /** {@code null_init} and {@code init_pdata}: every pCPU free. The null scheduler has no options. */
    @Override
    public void init(SchedulerHost host) {
        this.host = host;
        this.assigned = new NullUnit[host.nrPcpus()];
    }

    /**
     * {@code null_unit_insert}: the unit is placed where {@code sched_select_initial_cpu} would (vCPU 0 on the first
     * pCPU, each next vCPU on the pCPU after its predecessor's); an online unit is assigned to a free pCPU of its
     * affinity, or waits.
     */
    @Override
    public void insertVcpu(Vcpu v, long now) {
        int n = host.nrPcpus();
        int cpu = v.vcpuId() == 0 ? 0 : (unit(v.domain().vcpu(v.vcpuId() - 1)).cpu + 1) % n;
        NullUnit u = new NullUnit(v, cpu);
        v.schedPriv = u;
        if (!v.isUp()) {
            return;
        }
        u.cpu = pickCpu(u, now);
        if (assigned[u.cpu] == null) {
            assign(u, u.cpu, now);
        } else {
            waitqAdd(u);
        }
    }

    /** {@code null_unit_remove}: off the wait queue, or its pCPU is freed (and given to a waiter). */
    @Override
    public void removeVcpu(Vcpu v, long now) {
        NullUnit u = unit(v);
        if (u.waiting) {
            waitqRemove(u);
        } else if (assigned[u.cpu] == u) {
            deassign(u, now);
        }
        v.schedPriv = null;
    }

    /**
     * {@code null_unit_sleep}: a vCPU going offline leaves the wait queue or frees its pCPU; a running vCPU has its
     * pCPU rescheduled. A blocked or paused vCPU keeps its pCPU.
     */
    @Override
    public void sleep(Vcpu v, long now) {
        NullUnit u = unit(v);
        boolean tickled = false;
        if (!v.isUp()) {
            if (u.waiting) {
                waitqRemove(u);
            } else if (assigned[u.cpu] == u) {
                tickled = deassign(u, now);
            }
        }
        if (!tickled && v.isRunning()) {
            host.tickle(v.processor());
        }
    }

    /**
     * {@code null_unit_wake}: an assigned vCPU has its pCPU tickled; an unassigned one (coming online) takes the pCPU
     * it was placed on if that is free and suits its affinity, else joins the wait queue and tickles every free pCPU
     * of its hard affinity.
     */
    @Override
    public void wake(Vcpu v, long now) {
        NullUnit u = unit(v);
        if (v.isRunning()) {
            return;
        }
        if (u.migrating) {
            // its affinity changed while it ran, and the core switched it out without a decision here
            u.migrating = false;
            migrate(u, pickCpu(u, now), now);
        }
        if (u.waiting) {
            return;
        }
        int cpu = u.cpu;
        if (assigned[cpu] == u) {
            host.tickle(cpu);
            return;
        }
        if (assigned[cpu] == null
                && v.hardAffinity().contains(cpu)
                && (!hasSoftAffinity(v) || inBalanceMask(v, cpu, true))) {
            assign(u, cpu, now);
            host.tickle(cpu);
            return;
        }
        waitqAdd(u);
        for (int p = 0; p < assigned.length; p++) {
            if (assigned[p] == null && v.hardAffinity().contains(p)) {
                host.tickle(p);
            }
        }
    }

    /** The null scheduler has no {@code yield} hook; {@code vcpu_yield} reschedules the pCPU, which runs it again. */
    @Override
    public void yield(Vcpu v, long now) {
        if (v.isRunning()) {
            host.tickle(v.processor());
        }
    }

    /**
     * {@code null_schedule}: runs the pCPU's assigned vCPU if it is runnable, else idles, with no timeslice. A free
     * pCPU first takes the first waiter it suits (soft affinity first). A vCPU whose affinity changed while it ran
     * moves now ({@code context_saved}, {@code sched_unit_migrate_finish}), also if the core switched it out without
     * asking ({@code vcpu_sleep_sync}).
     */
    @Override
    public void doSchedule(int pcpu, Vcpu prev, long now, ScheduleDecision out) {
        NullUnit moving = prev != null ? unit(prev) : assigned[pcpu];
        if (moving != null && moving.migrating && (moving.vcpu == prev || !moving.vcpu.isRunning())) {
            moving.migrating = false;
            migrate(moving, pickCpu(moving, now), now);
            if (moving.cpu != pcpu && assigned[moving.cpu] == moving && moving.vcpu.isRunnable()) {
                host.tickle(moving.cpu);
            }
        }
        NullUnit next = assigned[pcpu];
        host.trace(now, TraceEvent.TRC_SNULL_SCHEDULE, next == null ? null : next.vcpu, pcpu, 0);
        if (next == null) {
            next = takeWaiter(pcpu, now);
        }
        out.set(next != null && next.vcpu.isRunnable() ? next.vcpu : null, ScheduleDecision.NO_TIMESLICE);
    }

    /**
     * The core's affinity change ({@code vcpu_set_affinity}): Xen takes the vCPU off its pCPU, picks a pCPU again
     * ({@code pick_res}: its own if still allowed, else a free one, soft affinity first) and moves it there ({@code
     * null_unit_migrate}), freeing its old pCPU for a waiter; if the new pCPU is not free it waits. A running vCPU moves
     * when its pCPU reschedules.
     */
    @Override
    public void affinityChanged(Vcpu v, long now) {
        NullUnit u = unit(v);
        if (v.isRunning()) {
            u.migrating = true;
            host.tickle(v.processor());
            return;
        }
        migrate(u, pickCpu(u, now), now);
        if (v.isRunnable()) {
            wake(v, now);
        }
    }

    /** null has no {@code adjust} hook, so Xen's {@code sched_adjust_dom} succeeds and does nothing: 0. */
    @Override
    public int getDomainParams(Domain d, SchedParams out) {
        return 0;
    }

    /** As {@link #getDomainParams}: 0, nothing changes. */
    @Override
    public int putDomainParams(Domain d, SchedParams in, long now) {
        return 0;
    }

    /** As {@link #getDomainParams}: 0, nothing is written. */
    @Override
    public int getVcpuParams(Vcpu v, SchedParams out) {
        return 0;
    }

    /** As {@link #getDomainParams}: 0, nothing changes. */
    @Override
    public int putVcpuParams(Vcpu v, SchedParams in, long now) {
        return 0;
    }

    /** null has no {@code adjust_global} hook, so {@code sched_adjust_cpupool} succeeds and does nothing: 0. */
    @Override
    public int getGlobalParams(SchedGlobalParams out) {
        return 0;
    }

    /** As {@link #getGlobalParams}: 0, nothing changes. */
    @Override
    public int putGlobalParams(SchedGlobalParams in, long now) {
        return 0;
    }

    /** The vCPU assigned to {@code pcpu}, or {@code null} if the pCPU is free: for tests and statistics. */
    public Vcpu assignedVcpu(int pcpu) {
        NullUnit u = assigned[pcpu];
        return u == null ? null : u.vcpu;
    }

    /** Whether {@code v} waits for a pCPU on the wait queue. */
    public boolean isWaiting(Vcpu v) {
        return unit(v).waiting;
    }

    // -------------------------------------------------------------------------------------------------------------

    private static NullUnit unit(Vcpu v) {
        return (NullUnit) v.schedPriv;
    }

    /** {@code unit_assign}. */
    private void assign(NullUnit u, int cpu, long now) {
        assigned[cpu] = u;
        u.cpu = cpu;
        host.trace(now, TraceEvent.TRC_SNULL_UNIT_ASSIGN, u.vcpu, cpu, 0);
    }

    /**
     * {@code unit_deassign}: frees {@code u}'s pCPU and gives it to the first waiter it suits (soft affinity first),
     * tickling it. Returns whether a pCPU was tickled.
     */
    private boolean deassign(NullUnit u, long now) {
        int cpu = u.cpu;
        assigned[cpu] = null;
        host.trace(now, TraceEvent.TRC_SNULL_UNIT_DEASSIGN, u.vcpu, cpu, 0);
        if (takeWaiter(cpu, now) != null) {
            host.tickle(cpu);
            return true;
        }
        return false;
    }

    /** Assigns free {@code cpu} to the first waiter it suits, soft affinity first; returns it, or {@code null}. */
    private NullUnit takeWaiter(int cpu, long now) {
        for (int step = 0; step < 2; step++) {
            boolean soft = step == 0;
            for (NullUnit w = waitHead; w != null; w = w.waitNext) {
                if (soft && !hasSoftAffinity(w.vcpu)) {
                    continue;
                }
                if (inBalanceMask(w.vcpu, cpu, soft)) {
                    waitqRemove(w);
                    assign(w, cpu, now);
                    return w;
                }
            }
        }
        return null;
    }

    /**
     * {@code pick_res}: for the soft-affinity step (if the vCPU has a soft affinity) then the hard one, its current
     * pCPU if it is free or already its own and in the step's mask, else the first free pCPU of the mask; failing
     * both, the first pCPU of its hard affinity (Xen: {@code cpumask_any}, a random one).
     */
    private int pickCpu(NullUnit u, long now) {
        Vcpu v = u.vcpu;
        int cpu = u.cpu;
        int picked = -1;
        for (int step = 0; step < 2 && picked < 0; step++) {
            boolean soft = step == 0;
            if (soft && !hasSoftAffinity(v)) {
                continue;
            }
            if ((assigned[cpu] == null || assigned[cpu] == u) && inBalanceMask(v, cpu, soft)) {
                picked = cpu;
                break;
            }
            for (int p = 0; p < assigned.length; p++) {
                if (assigned[p] == null && inBalanceMask(v, p, soft)) {
                    picked = p;
                    break;
                }
            }
        }
        if (picked < 0) {
            picked = v.hardAffinity().first();
        }
        host.trace(now, TraceEvent.TRC_SNULL_PICKED_CPU, v, picked, 0);
        return picked;
    }

    /**
     * {@code null_unit_migrate}: {@code u} leaves its pCPU (freeing it for a waiter) and takes {@code newCpu} if that
     * is free and in its hard affinity, else waits; an offline unit only records {@code newCpu}.
     */
    private void migrate(NullUnit u, int newCpu, long now) {
        if (u.cpu == newCpu) {
            return;
        }
        host.trace(now, TraceEvent.TRC_SNULL_MIGRATE, u.vcpu, u.cpu, newCpu);
        if (assigned[u.cpu] == u) {
            deassign(u, now);
        }
        if (!u.vcpu.isUp()) {
            if (u.waiting) {
                waitqRemove(u);
            }
        } else if (assigned[newCpu] == null && u.vcpu.hardAffinity().contains(newCpu)) {
            if (u.waiting) {
                waitqRemove(u);
            }
            assign(u, newCpu, now);
        } else if (!u.waiting) {
            waitqAdd(u);
        }
        u.cpu = newCpu;
    }

    /**
     * {@code has_soft_affinity}: the soft affinity matters only if it overlaps the hard one without containing it, and
     * does not cover every pCPU.
     */
    private boolean hasSoftAffinity(Vcpu v) {
        CpuMask hard = v.hardAffinity();
        CpuMask soft = v.softAffinity();
        return !hard.isSubsetOf(soft) && soft.intersects(hard) && !soft.isAll(assigned.length);
    }

    /**
     * Whether {@code cpu} is in the mask of a balancing step ({@code affinity_balance_cpumask}): the hard affinity, or
     * for the soft step its intersection with the soft one (the hard one if they do not meet).
     */
    private static boolean inBalanceMask(Vcpu v, int cpu, boolean soft) {
        CpuMask hard = v.hardAffinity();
        if (soft && v.softAffinity().intersects(hard)) {
            return hard.contains(cpu) && v.softAffinity().contains(cpu);
        }
        return hard.contains(cpu);
    }

    private void waitqAdd(NullUnit u) {
        u.waiting = true;
        u.waitPrev = waitTail;
        u.waitNext = null;
        if (waitTail == null) {
            waitHead = u;
        } else {
            waitTail.waitNext = u;
        }
        waitTail = u;
    }

    private void waitqRemove(NullUnit u) {
        if (u.waitPrev == null) {
            waitHead = u.waitNext;
        } else {
            u.waitPrev.waitNext = u.waitNext;
        }
        if (u.waitNext == null) {
            waitTail = u.waitPrev;
        } else {
            u.waitNext.waitPrev = u.waitPrev;
        }
        u.waitPrev = null;
        u.waitNext = null;
        u.waiting = false;
    }
}
