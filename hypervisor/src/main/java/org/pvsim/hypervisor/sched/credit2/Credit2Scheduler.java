package org.pvsim.hypervisor.sched.credit2;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.sched.SchedGlobalParams;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerHost;

/**
 * Xen's credit2 scheduler ({@code sched=credit2}, Xen's default; {@code xen/common/sched/credit2.c}). Each vCPU
 * holds credit in ns; running burns it, the heaviest vCPU of the runqueue at 1 per ns and the others at {@code
 * max_weight / weight} per ns; each runqueue runs its vCPUs in order of credit, and when the best candidate has no
 * credit left every vCPU of the runqueue gets {@link #CREDIT_INIT} more (an epoch ends). Runqueues are shared by
 * groups of pCPUs ({@link RunqueueArrangement}), and their loads are balanced ({@link Credit2Balancer}). Caps are
 * enforced with per-domain budget pools ({@link Credit2Domain}).
 *
 * <p>This class holds the hooks and the state they share: wake and sleep ({@code csched2_unit_wake}, {@code
 * csched2_unit_sleep}), insertion and removal, affinity changes and migration ({@code sched_unit_migrate_finish}),
 * credit burning ({@code burn_credits}) and the parameters ({@code csched2_dom_cntl}, {@code csched2_sys_cntl}). The
 * decision is {@link Credit2Schedule}'s, the choice of a pCPU for a waking unit {@link Credit2Tickler}'s ({@code
 * runq_tickle}), placement and balancing {@link Credit2Balancer}'s, caps {@link Credit2Budget}'s.
 *
 * <p>Invariants kept: only runnable, unparked vCPUs whose hard affinity holds the pCPU are chosen; a vCPU is on at
 * most one runq and never while it runs; the decision depends only on the calls and their times; the hooks and timer
 * actions allocate nothing. pvsim switches contexts inside {@code do_schedule}, so {@code context_saved} runs at the
 * end of {@link #doSchedule} for the vCPU switched out.
 */
public final class Credit2Scheduler implements Scheduler {
    /** {@code XEN_SCHEDULER_CREDIT2}. */
    public static final int SCHEDULER_ID = 6;
    /** {@code CSCHED2_DEFAULT_WEIGHT}. */
    public static final int DEFAULT_WEIGHT = 256;
    /** The largest weight ({@code uint16_t} in {@code xen_domctl_sched_credit2}). */
    public static final int MAX_WEIGHT = 65535;
    /** {@code CSCHED2_MIN_TIMER}: the shortest timeslice, 500 µs. */
    public static final long MIN_TIMER = 500_000L;
    /** {@code CSCHED2_CREDIT_INIT}: credit at start and added at each reset, 10 ms. */
    public static final long CREDIT_INIT = 10_000_000L;
    /** {@code CSCHED2_MAX_TIMER}: the longest timeslice, 10 ms. */
    public static final long MAX_TIMER = CREDIT_INIT;
    /** {@code CSCHED2_CREDIT_MIN}: credit never goes below -10 ms. */
    public static final long CREDIT_MIN = -CREDIT_INIT;
    /** {@code CSCHED2_IDLE_CREDIT}: the idle vCPU's credit, below any real one. */
    public static final long IDLE_CREDIT = CREDIT_MIN - 1;
    /** {@code CSCHED2_CARRYOVER_MAX}: credit kept beyond {@link #CREDIT_INIT} at a reset, 500 µs. */
    public static final long CARRYOVER_MAX = MIN_TIMER;
    /** {@code CSCHED2_CREDIT_RESET}: the top candidate's credit at or below which an epoch ends. */
    public static final long CREDIT_RESET = 0;
    /** {@code CSCHED2_MIGRATE_COMPENSATION}: credit given to a vCPU for moving pCPU, 50 µs. */
    public static final long MIGRATE_COMPENSATION = 50_000L;
    /** {@code CSCHED2_RATELIMIT_TICKLE_TOLERANCE}: 50 µs. */
    public static final long RATELIMIT_TICKLE_TOLERANCE = 50_000L;
    /** {@code STIME_MAX}: a vCPU's budget when its domain has no cap. */
    public static final long STIME_MAX = Long.MAX_VALUE;
    /** {@code LOADAVG_GRANULARITY_SHIFT}: load is tracked in units of 1024 ns. */
    public static final int LOADAVG_GRANULARITY_SHIFT = 10;
    /** {@code LOADAVG_WINDOW_SHIFT}: the load average window is 2^30 ns (about a second). */
    public static final int LOADAVG_WINDOW_SHIFT = 30;
    /** {@code LOADAVG_PRECISION_SHIFT}: loads are fixed point with 18 fractional bits. */
    public static final int LOADAVG_PRECISION_SHIFT = 18;
    /** {@code XEN_SYSCTL_SCHED_RATELIMIT_MIN} / {@code _MAX}, in µs. */
    public static final int RATELIMIT_MIN_US = 100;

    public static final int RATELIMIT_MAX_US = 500_000;
    /** {@code SCHED_DEFAULT_RATELIMIT_US}. */
    public static final int DEFAULT_RATELIMIT_US = 1000;

    SchedulerHost host;
    int nrPcpus;
    /** Every runqueue, by id ({@code prv->rql}). */
    Credit2Runqueue[] runqueues;
    /** Each pCPU's runqueue ({@code c2rqd}). */
    Credit2Runqueue[] rqOf;
    /** Each pCPU's hyperthread siblings in the same runqueue ({@code sibling_mask}). */
    CpuMask[] siblings;
    /** What each pCPU runs as this policy sees it ({@code curr_on_cpu}); {@code null} for idle. */
    Credit2Unit[] running;

    RunqueueArrangement arrangement;
    int ratelimitUs;
    long migrateResistNs;
    long capPeriodNs;
    final int precisionShift = LOADAVG_PRECISION_SHIFT;
    final int windowShift = LOADAVG_WINDOW_SHIFT - LOADAVG_GRANULARITY_SHIFT;

    Credit2Tickler tickler;
    Credit2Balancer balancer;
    Credit2Budget budget;
    Credit2Schedule decision;

    @Override
    public String name() {
        return "credit2";
    }

    @Override
    public int schedulerId() {
        return SCHEDULER_ID;
    }

    /**
     * Reads the boot options ({@code credit2_runqueue}, {@code sched_credit2_max_cpus_runqueue}, {@code
     * sched_credit2_migrate_resist}, {@code credit2_cap_period_ms}, {@code sched_ratelimit_us}) and builds the
     * runqueues ({@code csched2_init}, {@code cpu_add_to_runqueue}, {@code init_pdata}): every pCPU starts idle.
     */
    @Override
    public void init(SchedulerHost host) {
        this.host = host;
        XenCommandLine cmd = host.commandLine();
        arrangement = RunqueueArrangement.of(cmd.choice("credit2_runqueue", "socket", RunqueueArrangement.xenNames()));
        int maxCpus = (int) cmd.integer("sched_credit2_max_cpus_runqueue", 16, 1, Integer.MAX_VALUE);
        migrateResistNs = cmd.integer("sched_credit2_migrate_resist", 500, 0, Integer.MAX_VALUE) * 1000L;
        capPeriodNs = cmd.integer("credit2_cap_period_ms", 10, 1, 1_000_000) * 1_000_000L;
        long rl = cmd.integer("sched_ratelimit_us", DEFAULT_RATELIMIT_US, Long.MIN_VALUE, Long.MAX_VALUE);
        if (rl != 0 && (rl < RATELIMIT_MIN_US || rl > RATELIMIT_MAX_US)) {
            throw new IllegalArgumentException("Xen option sched_ratelimit_us=" + rl + ": must be 0 (no rate limit) or"
                    + " between " + RATELIMIT_MIN_US + " and " + RATELIMIT_MAX_US);
        }
        ratelimitUs = (int) rl;

        CpuTopology topo = host.topology();
        nrPcpus = host.nrPcpus();
        int[] ids = arrangement.assign(topo, maxCpus);
        int nrRqs = 0;
        for (int id : ids) {
            nrRqs = Math.max(nrRqs, id + 1);
        }
        runqueues = new Credit2Runqueue[nrRqs];
        for (int i = 0; i < nrRqs; i++) {
            runqueues[i] = new Credit2Runqueue(i, nrPcpus);
        }
        rqOf = new Credit2Runqueue[nrPcpus];
        siblings = new CpuMask[nrPcpus];
        running = new Credit2Unit[nrPcpus];
        for (int cpu = 0; cpu < nrPcpus; cpu++) {
            Credit2Runqueue rqd = runqueues[ids[cpu]];
            rqOf[cpu] = rqd;
            siblings[cpu] = CpuMask.none(nrPcpus);
            siblings[cpu].set(cpu);
            for (int r = rqd.active.first(); r >= 0; r = rqd.active.next(r + 1)) {
                if (topo.coreOf(r) == topo.coreOf(cpu)) {
                    siblings[cpu].set(r);
                    siblings[r].set(cpu);
                }
            }
            rqd.idle.set(cpu);
            rqd.active.set(cpu);
            rqd.smtIdle.set(cpu);
            if (rqd.nrCpus++ == 0) {
                rqd.pickBias = cpu;
            }
        }
        tickler = new Credit2Tickler(this);
        balancer = new Credit2Balancer(this);
        budget = new Credit2Budget(this);
        decision = new Credit2Schedule(this);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Domains and units

    /** {@code csched2_alloc_domdata}: weight 256, no cap, and the (idle) budget refill timer. */
    @Override
    public void initDomain(Domain d, long now) {
        Credit2Domain sdom = new Credit2Domain(d);
        sdom.replTimer = host.newTimer("credit2-repl-d" + d.domid(), d.domid(), -1, 0, t -> budget.replenish(sdom, t));
        d.schedPriv = sdom;
    }

    /** {@code csched2_free_domdata}: the refill timer goes. */
    @Override
    public void destroyDomain(Domain d, long now) {
        if (d.schedPriv instanceof Credit2Domain sdom) {
            host.killTimer(sdom.replTimer);
            d.schedPriv = null;
        }
    }

    /**
     * {@code csched2_alloc_udata} and {@code csched2_unit_insert}: the unit starts with {@link #CREDIT_INIT} credit
     * and a 50% load, is placed by {@code csched2_res_pick} and assigned to that pCPU's runqueue.
     */
    @Override
    public void insertVcpu(Vcpu v, long now) {
        Credit2Domain sdom = (Credit2Domain) v.domain().schedPriv;
        if (sdom == null) {
            initDomain(v.domain(), now);
            sdom = (Credit2Domain) v.domain().schedPriv;
        }
        Credit2Unit u = new Credit2Unit(v, sdom);
        u.avgload = 1L << (precisionShift - 1);
        u.loadLastUpdate = now >> LOADAVG_GRANULARITY_SHIFT;
        u.pinned = v.hardAffinity().weight() == 1;
        v.schedPriv = u;
        u.processor = balancer.pickCpu(u, now);
        runqAssign(u, rqOf[u.processor], now);
        sdom.nrUnits++;
    }

    /** {@code csched2_unit_remove}: the unit leaves its runqueue (and any list it is still on). */
    @Override
    public void removeVcpu(Vcpu v, long now) {
        Credit2Unit u = unit(v);
        if (u == null) {
            return;
        }
        Credit2Runqueue rqd = u.rqd;
        if (u.onRunq) {
            rqd.remove(u);
            updateLoad(rqd, u, -1, now);
        } else if (running[u.processor] == u) {
            // switched out by the core without a do_schedule (vcpu_sleep_sync): its context is saved now
            running[u.processor] = null;
            u.scheduled = false;
            updateLoad(rqd, u, -1, now);
        }
        u.sdom.forgetParked(u);
        runqDeassign(u);
        u.sdom.nrUnits--;
        v.schedPriv = null;
    }

    /** {@code _runq_assign}: {@code u} joins {@code rqd}'s units; the maximum weight may rise. */
    void runqAssign(Credit2Unit u, Credit2Runqueue rqd, long now) {
        rqd.assign(u);
        updateMaxWeight(rqd, u.weight, 0, now);
        host.trace(now, TraceEvent.TRC_CSCHED2_RUNQ_ASSIGN, u.vcpu, rqd.id, 0);
    }

    /** {@code _runq_deassign}: {@code u} leaves its runqueue's units; the maximum weight may fall. */
    void runqDeassign(Credit2Unit u) {
        Credit2Runqueue rqd = u.rqd;
        rqd.deassign(u);
        rqd.updateMaxWeight(0, u.weight);
    }

    private void updateMaxWeight(Credit2Runqueue rqd, int newWeight, int oldWeight, long now) {
        int before = rqd.maxWeight;
        rqd.updateMaxWeight(newWeight, oldWeight);
        if (rqd.maxWeight != before) {
            host.trace(now, TraceEvent.TRC_CSCHED2_RUNQ_MAX_WEIGHT, null, rqd.id, rqd.maxWeight);
        }
    }

    static Credit2Unit unit(Vcpu v) {
        return (Credit2Unit) v.schedPriv;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Wake, sleep, yield, affinity

    /**
     * {@code csched2_unit_wake}: a unit that is neither running nor queued joins its runqueue (its load grows) and
     * {@code runq_tickle} finds it a pCPU. A parked or migrating unit is not runnable for Xen and waits.
     */
    @Override
    public void wake(Vcpu v, long now) {
        Credit2Unit u = unit(v);
        if (u == null || u.parked || u.migrating || running[u.processor] == u || u.onRunq) {
            return;
        }
        if (u.scheduled) {
            u.delayedRunqAdd = true;
            return;
        }
        if (u.rqd == null) {
            runqAssign(u, rqOf[u.processor], now);
        }
        updateLoad(u.rqd, u, 1, now);
        runqInsert(u, now);
        tickler.runqTickle(u, now);
    }

    /** {@code csched2_unit_sleep}: a running unit's pCPU is tickled; a queued one leaves the runq and the load. */
    @Override
    public void sleep(Vcpu v, long now) {
        Credit2Unit u = unit(v);
        if (u == null) {
            return;
        }
        if (running[u.processor] == u) {
            tickler.tickleCpu(u.processor, u.rqd);
        } else if (u.onRunq) {
            updateLoad(u.rqd, u, -1, now);
            u.rqd.remove(u);
        } else {
            u.delayedRunqAdd = false;
        }
    }

    /**
     * {@code csched2_unit_yield} plus the core's {@code raise_softirq(SCHEDULE_SOFTIRQ)}: the next decision ignores
     * the rate limit and takes any other eligible unit of the runq, whatever its credit (Xen's current replacement for
     * the old {@code CSCHED2_YIELD_BIAS}).
     */
    @Override
    public void yield(Vcpu v, long now) {
        Credit2Unit u = unit(v);
        if (u == null) {
            return;
        }
        u.yield = true;
        if (running[u.processor] == u) {
            host.tickle(u.processor);
        }
    }

    /**
     * {@code csched2_aff_cntl} and the core's {@code sched_unit_migrate_start/finish}: the unit is marked pinned or
     * not, and placed again with {@code csched2_res_pick}: at once if it is not running, else when it is switched out.
     */
    @Override
    public void affinityChanged(Vcpu v, long now) {
        Credit2Unit u = unit(v);
        if (u == null) {
            return;
        }
        u.pinned = v.hardAffinity().weight() == 1;
        u.migrating = true;
        if (running[u.processor] == u) {
            tickler.tickleCpu(u.processor, u.rqd);
            return;
        }
        if (u.onRunq) {
            updateLoad(u.rqd, u, -1, now);
            u.rqd.remove(u);
        }
        finishMigration(u, now);
    }

    /**
     * {@code sched_unit_migrate_finish}: a unit marked migrating that is not running is placed with {@code
     * csched2_res_pick}, moved ({@code csched2_unit_migrate}) and woken there.
     */
    void finishMigration(Credit2Unit u, long now) {
        if (!u.migrating || running[u.processor] == u) {
            return;
        }
        int cpu = balancer.pickCpu(u, now);
        u.migrating = false;
        if (rqOf[cpu] != u.rqd) {
            balancer.migrate(u, rqOf[cpu], now);
        } else {
            u.processor = cpu;
        }
        if (u.runnable()) {
            wake(u.vcpu, now);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Credit, load, runq

    /** {@code burn_credits}: charges {@code u} for the time since {@code start_time} (and its budget, if capped). */
    long burnCredits(Credit2Runqueue rqd, Credit2Unit u, long now) {
        long delta = now - u.startTime;
        if (delta <= 0) {
            return 0;
        }
        rqd.burn(u, delta);
        if (u.hasCap()) {
            u.budget -= delta;
        }
        u.startTime = now;
        return delta;
    }

    /** {@code update_load}: the runqueue's load changes by {@code change}; {@code u}'s own average too, if given. */
    void updateLoad(Credit2Runqueue rqd, Credit2Unit u, int change, long now) {
        rqd.updateLoad(change, now, precisionShift, windowShift);
        if (u != null) {
            Credit2Runqueue.updateUnitLoad(u, change, now, precisionShift, windowShift);
        }
    }

    /** {@code runq_insert}. */
    void runqInsert(Credit2Unit u, long now) {
        u.rqd.insert(u);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The decision
    /**
     * {@code csched2_schedule} (see {@link Credit2Schedule}): charges the current unit, picks the next with {@code
     * runq_candidate}, ends the epoch if the best candidate has no credit left ({@code reset_credit}, then {@code
     * balance_load}), grants a timeslice ({@code csched2_runtime}) and saves the unit switched out. {@code prev} is
     * not needed: the policy knows what it last chose for {@code cpu}, including a unit the core switched out since
     * ({@code vcpu_sleep_sync}).
     */
    @Override
    public void doSchedule(int cpu, Vcpu prev, long now, ScheduleDecision out) {
        decision.schedule(cpu, now, out);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parameters

    /** {@code XEN_DOMCTL_SCHEDOP_getinfo}: weight and cap. */
    @Override
    public int getDomainParams(Domain d, SchedParams out) {
        if (!(d.schedPriv instanceof Credit2Domain sdom)) {
            return Errno.EINVAL.neg();
        }
        out.weight = sdom.weight;
        out.cap = sdom.cap;
        return 0;
    }

    /**
     * {@code XEN_DOMCTL_SCHEDOP_putinfo} ({@code csched2_dom_cntl}): a weight of 0 leaves the weight; otherwise every
     * unit takes it and the runqueues' maximum weights follow. A cap of 0 removes the cap (as in Xen: credit2 has no
     * "unchanged" cap); a cap starts budget accounting with a full pool and the refill timer. {@code -EINVAL} for a
     * weight or cap that does not fit Xen's {@code uint16_t}, or a cap above {@code 100 * nr_vcpus}; then nothing
     * changes.
     */
    @Override
    public int putDomainParams(Domain d, SchedParams in, long now) {
        if (!(d.schedPriv instanceof Credit2Domain sdom)) {
            return Errno.EINVAL.neg();
        }
        if (in.weight < 0 || in.weight > MAX_WEIGHT || in.cap < 0 || in.cap > 65535) {
            return Errno.EINVAL.neg();
        }
        if (in.cap != 0 && in.cap > 100 * sdom.nrUnits) {
            return Errno.EINVAL.neg();
        }
        if (in.weight != 0) {
            int old = sdom.weight;
            sdom.weight = in.weight;
            for (int i = 0; i < d.maxVcpus(); i++) {
                Credit2Unit u = unit(d.vcpu(i));
                if (u != null) {
                    u.weight = in.weight;
                    updateMaxWeight(u.rqd, u.weight, old, now);
                }
            }
        }
        if (in.cap != 0) {
            budget.setCap(d, sdom, in.cap, now);
        } else if (sdom.cap != 0) {
            budget.removeCap(d, sdom, now);
        }
        return 0;
    }

    /** {@code XEN_SYSCTL_SCHEDOP_getinfo}: the rate limit in µs (0: none). */
    @Override
    public int getGlobalParams(SchedGlobalParams out) {
        out.ratelimitUs = ratelimitUs;
        return 0;
    }

    /**
     * {@code XEN_SYSCTL_SCHEDOP_putinfo} ({@code csched2_sys_cntl}): sets the rate limit; as in Xen, 0 disables it
     * (it is not "unchanged"), and a value outside {@code 100..500000} is {@code -EINVAL}. The value set is written
     * back into {@code in}.
     */
    @Override
    public int putGlobalParams(SchedGlobalParams in, long now) {
        int rl = in.ratelimitUs;
        if (rl != 0 && (rl > RATELIMIT_MAX_US || rl < RATELIMIT_MIN_US)) {
            return Errno.EINVAL.neg();
        }
        ratelimitUs = rl;
        in.ratelimitUs = ratelimitUs;
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // For tests and diagnostics

    /** How many runqueues the pCPUs were arranged in. */
    int nrRunqueues() {
        return runqueues.length;
    }

    /** The id of {@code cpu}'s runqueue. */
    int runqueueOf(int cpu) {
        return rqOf[cpu].id;
    }

    /** The credit of {@code v}, in ns. */
    long credit(Vcpu v) {
        return unit(v).credit;
    }
}
