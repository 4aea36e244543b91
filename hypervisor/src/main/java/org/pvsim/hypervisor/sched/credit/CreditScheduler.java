package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.abi.Errno;
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
import org.pvsim.hypervisor.time.Timer;

/**
 * The credit scheduler, credit1 ({@code xen/common/sched/credit.c}): proportional fair share with caps, per-pCPU
 * runqueues ordered by priority, a boost for waking vCPUs and work stealing between pCPUs.
 *
 * <p>How it works. Each vCPU has a credit. Every timeslice (30 ms by default) a host-wide accounting hands out 300
 * credits per pCPU among the active domains by weight ({@link CreditAccounting}); a running vCPU burns 10 credits per
 * ms, charged at every 10 ms tick of its pCPU and whenever it is descheduled ({@code burn_credits}). A vCPU with
 * credit left is UNDER, one without is OVER; a vCPU that wakes while UNDER is BOOSTed to the front and preempts
 * lower-priority work until the next tick that catches it running. Each pCPU runs the head of its runqueue for a
 * timeslice; when that head is OVER or there is none, it first tries to steal higher-priority work from the other
 * pCPUs ({@link CreditLoadBalancer}). A vCPU that has run less than {@code ratelimit_us} keeps its pCPU unless it
 * yields or stops being runnable. Capped domains over their cap are parked (paused) until their credit recovers.
 *
 * <p>Invariants (beyond the {@link Scheduler} contract): a queued vCPU is runnable, not running, and on the runqueue
 * of a pCPU in its hard affinity; a running vCPU's {@code cpu} is the pCPU it runs on; a pCPU's tick timer is armed
 * exactly while it runs a vCPU; an idle pCPU is in the idlers mask unless it has been tickled since it went idle.
 * Hot paths (wake, sleep, yield, do_schedule, the tick and the accounting) allocate nothing.
 */
public final class CreditScheduler implements Scheduler {
    /** {@code XEN_SCHEDULER_CREDIT}. */
    public static final int SCHEDULER_ID = XenSchedulerId.XEN_SCHEDULER_CREDIT.code;
    /** Weights are {@code uint16_t}: 1..65535 (0 on a put: unchanged). */
    public static final int MAX_WEIGHT = 65535;
    /** A put with this cap ({@code (uint16_t)~0U}) leaves the cap unchanged; 0 removes it. */
    public static final int CAP_UNCHANGED = 0xFFFF;
    /** The index of the accounting timer among the policy's timers (the ticks use the pCPU numbers). */
    static final int MASTER_TIMER_INDEX = 0xFFFFFF;

    private SchedulerHost host;
    private CreditTunables tun;
    private CreditPcpu[] pcpus;
    private CpuMask idlers;
    private CreditAccounting acct;
    private CreditPlacement placement;
    private CreditLoadBalancer balancer;
    private Timer masterTicker;
    private boolean started;

    @Override
    public String name() {
        return "credit";
    }

    @Override
    public int schedulerId() {
        return SCHEDULER_ID;
    }

    /** {@code csched_init} and {@code init_pdata} for every pCPU: reads the boot options, creates the timers. */
    @Override
    public void init(SchedulerHost host) {
        this.host = host;
        this.tun = CreditTunables.fromCommandLine(host.commandLine());
        int n = host.nrPcpus();
        this.pcpus = new CreditPcpu[n];
        this.idlers = CpuMask.all(n);
        for (int p = 0; p < n; p++) {
            final int cpu = p;
            pcpus[p] = new CreditPcpu(p, n);
            pcpus[p].ticker = host.newTimer("csched_tick" + p, -1, -1, p, now -> tick(cpu, now));
        }
        this.acct = new CreditAccounting(host, tun, n);
        this.placement = new CreditPlacement(host, pcpus, idlers);
        this.balancer = new CreditLoadBalancer(host, tun, pcpus, idlers);
        this.masterTicker = host.newTimer("csched_acct", -1, -1, MASTER_TIMER_INDEX, this::account);
    }

    /** Arms the accounting timer the first time the policy sees the time ({@code init_pdata} of the first pCPU). */
    private void start(long now) {
        if (!started) {
            started = true;
            host.setTimer(masterTicker, now + tun.tsliceNs);
        }
    }

    private static CreditUnit unit(Vcpu v) {
        return (CreditUnit) v.schedPriv;
    }

    private static CreditDomain dom(Domain d) {
        return (CreditDomain) d.schedPriv;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Domains and vCPUs

    /** {@code csched_alloc_domdata}: weight 256, no cap. */
    @Override
    public void initDomain(Domain d, long now) {
        start(now);
        d.schedPriv = new CreditDomain(d);
    }

    @Override
    public void destroyDomain(Domain d, long now) {
        d.schedPriv = null;
    }

    /** {@code csched_alloc_udata} and {@code csched_unit_insert}: UNDER with no credit, placed by {@code pick_cpu}. */
    @Override
    public void insertVcpu(Vcpu v, long now) {
        start(now);
        CreditUnit svc = new CreditUnit(v, dom(v.domain()));
        v.schedPriv = svc;
        svc.pinned = v.hardAffinity().weight() == 1;
        svc.cpu = CreditPlacement.initialCpu(v);
        svc.cpu = pickForMigration(svc, now);
        if (v.isRunnable() && !v.isRunning()) {
            runqInsert(svc);
        }
    }

    /** {@code csched_unit_remove}: unparks it and takes it out of the runqueue and the accounting. */
    @Override
    public void removeVcpu(Vcpu v, long now) {
        CreditUnit svc = unit(v);
        reconcile(pcpus[svc.cpu], now);
        if (svc.parked) {
            svc.parked = false;
            host.unpauseVcpu(v, now);
        }
        if (svc.onRunq) {
            runqRemove(svc);
        }
        if (svc.active) {
            acct.stop(svc, now);
        }
        v.schedPriv = null;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Sleep, wake, yield, affinity

    /** {@code csched_unit_sleep}: a running vCPU gets its pCPU rescheduled; a queued one leaves the runqueue. */
    @Override
    public void sleep(Vcpu v, long now) {
        CreditUnit svc = unit(v);
        if (v.isRunning()) {
            svc.sleptAt = now;
            host.tickle(svc.cpu);
        } else if (svc.onRunq) {
            runqRemove(svc);
        }
    }

    /**
     * {@code csched_unit_wake}: queues the vCPU on its pCPU, BOOSTed if it is UNDER and neither just placed by
     * {@code pick_cpu} nor parked, and tickles a pCPU to run it.
     */
    @Override
    public void wake(Vcpu v, long now) {
        CreditUnit svc = unit(v);
        reconcile(pcpus[svc.cpu], now);
        if (v.isRunning() || svc.onRunq) {
            return;
        }
        queueWoken(svc, now);
    }

    /** The body of {@code csched_unit_wake} for a vCPU on no runqueue and, as far as credit is concerned, not running. */
    private void queueWoken(CreditUnit svc, long now) {
        Vcpu v = svc.vcpu;
        boolean migrating = svc.migrating;
        svc.migrating = false;
        if (!migrating && svc.pri == CreditUnit.PRI_TS_UNDER && !svc.parked) {
            host.trace(now, TraceEvent.TRC_CSCHED_BOOST_START, v, 0, 0);
            svc.pri = CreditUnit.PRI_TS_BOOST;
        }
        runqInsert(svc);
        placement.tickle(svc, now);
    }

    /** {@code csched_unit_yield}: flags the vCPU and has its pCPU reschedule ({@code vcpu_yield}'s softirq). */
    @Override
    public void yield(Vcpu v, long now) {
        CreditUnit svc = unit(v);
        svc.yielding = true;
        if (v.isRunning()) {
            host.tickle(svc.cpu);
        }
    }

    /**
     * {@code csched_aff_cntl} and {@code vcpu_set_affinity}'s migration: notes whether the vCPU is now pinned to one
     * pCPU, then re-places it with {@code pick_cpu}: at once if it is queued or blocked, at its next deschedule if it
     * is running.
     */
    @Override
    public void affinityChanged(Vcpu v, long now) {
        CreditUnit svc = unit(v);
        reconcile(pcpus[svc.cpu], now);
        svc.pinned = v.hardAffinity().weight() == 1;
        if (v.isRunning()) {
            svc.migratePending = true;
            host.tickle(svc.cpu);
            return;
        }
        boolean queued = svc.onRunq;
        if (queued) {
            runqRemove(svc);
        }
        if (!v.hardAffinity().contains(svc.cpu)) {
            svc.cpu = v.hardAffinity().first();
        }
        svc.cpu = pickForMigration(svc, now);
        if (queued) {
            queueWoken(svc, now);
        }
    }

    /** {@code csched_res_pick}: {@code pick_cpu} with commit; the vCPU's next wake is a migration, not boosted. */
    private int pickForMigration(CreditUnit svc, long now) {
        svc.migrating = true;
        return placement.pick(svc, true, now);
    }

    /** {@code sched_unit_migrate_finish} for a vCPU that left its pCPU: re-placed, and woken there if runnable. */
    private void migrate(CreditUnit svc, long now) {
        svc.cpu = pickForMigration(svc, now);
        if (svc.vcpu.isRunnable()) {
            // still current on its old pCPU until the core switches, so not through wake()
            queueWoken(svc, now);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Runqueues

    private void runqInsert(CreditUnit svc) {
        CreditPcpu spc = pcpus[svc.cpu];
        spc.insert(svc, host.current(svc.cpu) != null);
        spc.nrRunnable++;
    }

    private void runqRemove(CreditUnit svc) {
        CreditPcpu spc = pcpus[svc.cpu];
        spc.nrRunnable--;
        spc.remove(svc);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Timers

    /** {@code csched_acct} on the master timer, re-armed one timeslice later. */
    private void account(long now) {
        acct.account(now);
        host.setTimer(masterTicker, now + tun.tsliceNs);
    }

    /**
     * {@code csched_tick}: accounts the running vCPU ({@code csched_unit_acct}: ends its boost, burns its credit,
     * makes it active, or asks {@code pick_cpu} whether it would be better elsewhere), sorts the runqueue if an
     * accounting happened since, and re-arms.
     */
    private void tick(int cpu, long now) {
        CreditPcpu spc = pcpus[cpu];
        spc.ticks++;
        reconcile(spc, now);
        Vcpu cur = host.current(cpu);
        if (cur != null) {
            CreditUnit svc = unit(cur);
            if (svc.pri == CreditUnit.PRI_TS_BOOST) {
                svc.pri = CreditUnit.PRI_TS_UNDER;
                host.trace(now, TraceEvent.TRC_CSCHED_BOOST_END, cur, 0, 0);
            }
            svc.burn(now);
            if (!svc.active) {
                acct.start(svc, now);
            } else if (!svc.migratePending && placement.pick(svc, false, now) != cpu) {
                svc.migratePending = true;
                host.tickle(cpu);
            }
        }
        if (spc.runqSortLast != acct.runqSort) {
            spc.runqSortLast = acct.runqSort;
            spc.sort();
        }
        if (cur != null) {
            host.setTimer(spc.ticker, now + tun.tickPeriodNs);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // do_schedule

    /**
     * {@code csched_schedule}: charges {@code prev}; keeps it if the rate limit applies; otherwise queues it (if still
     * runnable and not moving away) and takes the head of the runqueue, or work stolen from another pCPU if that head
     * is OVER or there is none. Grants a timeslice ({@code tslice_ms}), or the rest of the rate limit.
     */
    @Override
    public void doSchedule(int cpu, Vcpu prev, long now, ScheduleDecision out) {
        start(now);
        CreditPcpu spc = pcpus[cpu];
        reconcile(spc, now);
        CreditUnit scurr = prev == null ? null : unit(prev);
        host.trace(now, TraceEvent.TRC_CSCHED_SCHEDULE, prev, cpu, prev == null ? 1 : 0);
        boolean prevRunnable = scurr != null && prev.isRunnable() && !scurr.migratePending;
        long runtime = 0;
        if (scurr != null) {
            runtime = Math.max(0, now - prev.runstateEntryTime());
            scurr.burn(now);
            scurr.startTime -= now;
            scurr.lastSchedTime = now;
            if (!scurr.yielding && tun.ratelimitNs != 0 && prevRunnable && runtime < tun.ratelimitNs) {
                scurr.startTime += now;
                // As Xen: the rest of the rate limit, but CSCHED_MIN_TIMER if it has run less than that.
                long slice =
                        runtime < CreditTunables.MIN_TIMER_NS ? CreditTunables.MIN_TIMER_NS : tun.ratelimitNs - runtime;
                host.trace(now, TraceEvent.TRC_CSCHED_RATELIMIT, prev, runtime, 0);
                out.set(prev, slice);
                return;
            }
        }
        if (prevRunnable) {
            spc.insert(scurr, true);
        } else if (scurr != null) {
            spc.nrRunnable--;
        }

        CreditUnit snext = spc.first();
        int pri = snext == null ? CreditUnit.PRI_IDLE : snext.pri;
        if (pri <= CreditUnit.PRI_TS_OVER && now - spc.lastLoadBalance > tun.loadBalanceRatelimitNs) {
            spc.lastLoadBalance = now;
            CreditUnit stolen = balancer.balance(cpu, pri, now);
            if (stolen != null) {
                snext = stolen;
            } else if (snext != null) {
                spc.remove(snext);
            }
        } else if (snext != null) {
            spc.remove(snext);
        }

        if (snext == null) {
            idlers.set(cpu);
        } else {
            idlers.clear(cpu);
            snext.startTime += now;
        }
        // The credit tick runs only while the pCPU runs a vCPU; it restarts on a tick boundary.
        if (prev != null && snext == null) {
            host.stopTimer(spc.ticker);
        } else if (prev == null && snext != null) {
            host.setTimer(spc.ticker, now + tun.tickPeriodNs - now % tun.tickPeriodNs);
        }
        if (scurr != null && scurr.migratePending) {
            scurr.migratePending = false;
            placement.setSwitching(cpu, snext);
            migrate(scurr, now);
            placement.setSwitching(-1, null);
        }
        spc.curr = snext;
        if (snext == null) {
            out.set(null, ScheduleDecision.NO_TIMESLICE);
        } else {
            out.set(snext.vcpu, tun.tsliceNs);
        }
    }

    /**
     * The core's synchronous pause ({@code vcpu_sleep_sync}) switches a vCPU out without a {@code do_schedule}; Xen
     * would have run {@code csched_schedule} for it. Does now what that would have done, as of the switch (the
     * vCPU's last {@code sleep}): charge its credit, keep its uncharged remainder, take it off the pCPU's count, and
     * finish a pending migration. Called before anything that depends on that state.
     */
    private void reconcile(CreditPcpu spc, long now) {
        CreditUnit svc = spc.curr;
        if (svc == null || host.current(spc.cpu) == svc.vcpu) {
            return;
        }
        spc.curr = null;
        long at = svc.sleptAt;
        svc.burn(at);
        svc.startTime -= at;
        svc.lastSchedTime = at;
        spc.nrRunnable--;
        host.stopTimer(spc.ticker);
        if (svc.migratePending) {
            svc.migratePending = false;
            migrate(svc, now);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Parameters

    /** {@code csched_dom_cntl}, {@code XEN_DOMCTL_SCHEDOP_getinfo}: weight and cap. */
    @Override
    public int getDomainParams(Domain d, SchedParams out) {
        CreditDomain sdom = dom(d);
        out.weight = sdom.weight;
        out.cap = sdom.cap;
        return 0;
    }

    /**
     * {@code csched_dom_cntl}, {@code XEN_DOMCTL_SCHEDOP_putinfo}: a weight of 0 leaves the weight, a cap of {@link
     * #CAP_UNCHANGED} leaves the cap, and a cap of 0 removes it, as in Xen. {@code -EINVAL} (and nothing changes) for a
     * weight or cap that does not fit Xen's {@code uint16_t} fields, or a cap above 100 per vCPU of the domain (the
     * range libxl enforces before the hypercall).
     */
    @Override
    public int putDomainParams(Domain d, SchedParams in, long now) {
        CreditDomain sdom = dom(d);
        if (in.weight < 0 || in.weight > MAX_WEIGHT || in.cap < 0 || in.cap > CAP_UNCHANGED) {
            return Errno.EINVAL.neg();
        }
        if (in.cap != CAP_UNCHANGED && in.cap > 100 * d.maxVcpus()) {
            return Errno.EINVAL.neg();
        }
        if (in.weight != 0) {
            acct.setWeight(sdom, in.weight);
        }
        if (in.cap != CAP_UNCHANGED) {
            sdom.cap = in.cap;
        }
        return 0;
    }

    /** {@code csched_sys_cntl}, {@code XEN_SYSCTL_SCHEDOP_getinfo}: timeslice, rate limit, migration delay. */
    @Override
    public int getGlobalParams(SchedGlobalParams out) {
        tun.get(out);
        return 0;
    }

    /**
     * {@code csched_sys_cntl}, {@code XEN_SYSCTL_SCHEDOP_putinfo}: sets all three (a rate limit of 0 disables it) and
     * writes the values back; {@code -EINVAL} for a timeslice outside 1..1000 ms, a rate limit neither 0 nor within
     * 100..500000 µs or above the timeslice, or a migration delay above 100000 µs. A new timeslice takes effect at
     * the next accounting and the next tick.
     */
    @Override
    public int putGlobalParams(SchedGlobalParams in, long now) {
        return tun.put(in);
    }

    // -------------------------------------------------------------------------------------------------------------
    // For tests and dumps

    /** The credit of {@code v} (for tests and dumps). */
    int credit(Vcpu v) {
        return unit(v).credit;
    }

    /** The priority of {@code v} (for tests and dumps). */
    int priority(Vcpu v) {
        return unit(v).pri;
    }

    CreditPcpu pcpu(int cpu) {
        return pcpus[cpu];
    }

    CreditPlacement placementForTest() {
        return placement;
    }

    CreditAccounting accounting() {
        return acct;
    }

    CreditTunables tunables() {
        return tun;
    }
}
