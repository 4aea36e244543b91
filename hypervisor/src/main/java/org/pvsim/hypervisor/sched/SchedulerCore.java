package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.TraceEvent;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.LifecycleEvent;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.time.HypervisorTimers;
import org.pvsim.hypervisor.time.Timer;

/**
 * The policy-independent part of scheduling ({@code xen/common/sched/core.c}): which vCPU each pCPU runs, runstate
 * changes and their accounting, affinity, and the calls into the {@link Scheduler} policy when a vCPU wakes, sleeps,
 * blocks or yields. It is the policy's {@link SchedulerHost}.
 *
 * <p>Recording and replaying run the same code: the policy is consulted in both, and every {@code do_schedule} is a
 * journalled input ({@link Journal#scheduleBegin}), so replay re-runs the policy at the recorded instants and
 * compares its decisions. Runstate changes, wakes, sleeps, blocks and yields are journalled as trace events with Xen's
 * {@code TRC_SCHED_*} ids.
 *
 * <p>Invariants: a vCPU is current on at most one pCPU, and {@code isRunning()} holds exactly for current vCPUs; a
 * running vCPU is in {@code RUNSTATE_running} and runs on a pCPU of its hard affinity; a vCPU that is neither running
 * nor runnable is blocked or offline. A policy decision that would break one is a hypervisor bug: it is reported and
 * the pCPU idles instead.
 */
public final class SchedulerCore implements SchedulerHost {
    /** Told when a pCPU must run {@code do_schedule} soon. */
    @FunctionalInterface
    public interface Tickler {
        void tickle(int pcpu);
    }

    /**
     * Told about every context switch, after it happened: {@code prev} left {@code pcpu} and {@code next} runs there
     * (either {@code null} for the idle vCPU; never the same vCPU). This is where Xen's {@code sched_context_switch}
     * and {@code context_switch} do their per-vCPU work: stop the outgoing vCPU's periodic timer, re-arm the incoming
     * one's ({@code vcpu_periodic_timer_work}), refresh its {@code vcpu_time_info} ({@code update_vcpu_system_time}).
     *
     * <p>Called while an input is applied (a scheduling decision, or a hypercall that pauses a running vCPU): it may
     * report journal outputs and write guest-shared memory, which replay repeats identically; it must allocate nothing
     * and must not call back into scheduling.
     */
    @FunctionalInterface
    public interface ContextSwitchListener {
        void contextSwitched(int pcpu, Vcpu prev, Vcpu next, long now);
    }

    /** Told about a hypervisor bug (a policy breaking an invariant): the hypervisor halts as Xen's {@code BUG()}. */
    @FunctionalInterface
    public interface BugReporter {
        void bug(String message);
    }

    private final Scheduler policy;
    private final CpuTopology topology;
    private final XenCommandLine commandLine;
    private final Vcpu[] current;
    private final long[] busySince;
    private final long[] busyTotal;
    private final WakeLatency[] latencies = new WakeLatency[DomId.DOMID_FIRST_RESERVED];
    private final Journal journal;
    private final HypervisorTimers timers;
    private final CpuMask online;
    private Tickler tickler;
    private ContextSwitchListener switchListener = (pcpu, prev, next, now) -> {};
    private BugReporter bugs = message -> {
        throw new IllegalStateException(message);
    };
    private long decisions;

    /**
     * A core running {@code policy} on the pCPUs of {@code topology}.
     *
     * @throws IllegalArgumentException if the policy refuses a boot option
     */
    public SchedulerCore(
            Scheduler policy,
            CpuTopology topology,
            XenCommandLine commandLine,
            Journal journal,
            HypervisorTimers timers) {
        this.policy = policy;
        this.topology = topology;
        this.commandLine = commandLine;
        int n = topology.nrPcpus();
        this.current = new Vcpu[n];
        this.busySince = new long[n];
        this.busyTotal = new long[n];
        this.online = CpuMask.all(n);
        this.journal = journal;
        this.timers = timers;
        this.tickler = pcpu -> {};
        policy.init(this);
    }

    /** The policy. */
    public Scheduler policy() {
        return policy;
    }

    /** Sets who is told about pCPUs that must reschedule. */
    public void setTickler(Tickler tickler) {
        this.tickler = tickler;
    }

    /** Sets who is told about context switches (the vCPU timers and system time). */
    public void setContextSwitchListener(ContextSwitchListener listener) {
        this.switchListener = listener;
    }

    /** Sets who is told about policy bugs. */
    public void setBugReporter(BugReporter bugs) {
        this.bugs = bugs;
    }

    // -------------------------------------------------------------------------------------------------------------
    // SchedulerHost

    @Override
    public int nrPcpus() {
        return current.length;
    }

    @Override
    public CpuTopology topology() {
        return topology;
    }

    @Override
    public XenCommandLine commandLine() {
        return commandLine;
    }

    @Override
    public Vcpu current(int pcpu) {
        return current[pcpu];
    }

    @Override
    public void tickle(int pcpu) {
        tickler.tickle(pcpu);
    }

    @Override
    public Timer newTimer(String name, int domid, int vcpu, int index, Timer.Action action) {
        return timers.create(TimerClass.SCHEDULER, domid, vcpu, index, name, action);
    }

    @Override
    public void setTimer(Timer t, long expires) {
        timers.set(t, expires);
    }

    @Override
    public void stopTimer(Timer t) {
        timers.stop(t);
    }

    @Override
    public void killTimer(Timer t) {
        timers.kill(t);
    }

    @Override
    public void pauseVcpu(Vcpu v, long now) {
        v.setPauseCount(v.pauseCount() + 1);
        sleep(v, now);
    }

    @Override
    public void unpauseVcpu(Vcpu v, long now) {
        if (v.pauseCount() <= 0) {
            bugs.bug(policy.name() + " unpaused " + v + ", which is not paused");
            return;
        }
        v.setPauseCount(v.pauseCount() - 1);
        if (v.pauseCount() == 0) {
            wake(v, now);
        }
    }

    @Override
    public void trace(long now, int event, Vcpu v, long d1, long d2) {
        journal.trace(now, event, v == null ? -1 : v.domain().domid(), v == null ? -1 : v.vcpuId(), d1, d2);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Domains and vCPUs

    /** A domain was created: its vCPUs, free to run on every pCPU, join the policy. */
    public void domainCreated(Domain d, long now) {
        latencies[d.domid()] = new WakeLatency();
        policy.initDomain(d, now);
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            v.setHardAffinity(online);
            v.setSoftAffinity(online);
            policy.insertVcpu(v, now);
        }
        journal.trace(now, TraceEvent.TRC_SCHED_DOM_ADD, d.domid(), -1, 0, 0);
    }

    /** A domain is going away: its vCPUs leave the policy. They must not be running. */
    public void domainDestroyed(Domain d, long now) {
        for (int i = 0; i < d.maxVcpus(); i++) {
            policy.removeVcpu(d.vcpu(i), now);
        }
        policy.destroyDomain(d, now);
        journal.trace(now, TraceEvent.TRC_SCHED_DOM_REM, d.domid(), -1, 0, 0);
    }

    /** The wake-to-run latencies of domain {@code domid} (of its latest incarnation), or {@code null}. */
    public WakeLatency wakeLatency(int domid) {
        return domid >= 0 && domid < latencies.length ? latencies[domid] : null;
    }

    /** Time {@code pcpu} has spent running vCPUs up to {@code now}. */
    public long busyTime(int pcpu, long now) {
        return busyTotal[pcpu] + (current[pcpu] != null ? now - busySince[pcpu] : 0);
    }

    /** {@code do_schedule} calls made so far. */
    public long decisions() {
        return decisions;
    }

    /**
     * Sets {@code v}'s hard and soft affinity ({@code vcpu_set_hard_affinity}, {@code vcpu_set_soft_affinity});
     * either may be {@code null} to leave it. Only the host's pCPUs are kept.
     *
     * @return 0, or {@code -EINVAL} if the new hard affinity holds none of the host's pCPUs (nothing changes)
     */
    public int setAffinity(Vcpu v, CpuMask hard, CpuMask soft, long now) {
        CpuMask h = null;
        if (hard != null) {
            h = CpuMask.copyOf(hard);
            h.and(online);
            if (h.isEmpty()) {
                return Errno.EINVAL.neg();
            }
        }
        if (h != null) {
            v.setHardAffinity(h);
        }
        if (soft != null) {
            CpuMask s = CpuMask.copyOf(soft);
            s.and(online);
            v.setSoftAffinity(s);
        }
        policy.affinityChanged(v, now);
        return 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Wake, sleep, block, yield

    /** {@code vcpu_wake}: call after something that may have made {@code v} runnable. */
    public void wake(Vcpu v, long now) {
        if (v.isRunnable()) {
            if (v.runstate().code >= RunstateKind.RUNSTATE_blocked.code) {
                changeRunstate(v, RunstateKind.RUNSTATE_runnable, now);
                v.setWokenAt(now);
                trace(now, TraceEvent.TRC_SCHED_WAKE, v, 0, 0);
            }
            policy.wake(v, now);
        } else if (!v.hasPauseFlag(Vcpu.VPF_blocked) && v.runstate() == RunstateKind.RUNSTATE_blocked) {
            changeRunstate(v, RunstateKind.RUNSTATE_offline, now);
        }
    }

    /** {@code vcpu_block}: {@code v} has just set {@code VPF_blocked}; it stops being runnable. */
    public void block(Vcpu v, long now) {
        trace(now, TraceEvent.TRC_SCHED_BLOCK, v, 0, 0);
        sleep(v, now);
    }

    /** {@code vcpu_sleep_nosync}: call after something that may have made {@code v} not runnable. */
    public void sleep(Vcpu v, long now) {
        if (v.isRunnable()) {
            return;
        }
        if (v.runstate() == RunstateKind.RUNSTATE_runnable) {
            changeRunstate(
                    v,
                    v.hasPauseFlag(Vcpu.VPF_blocked) ? RunstateKind.RUNSTATE_blocked : RunstateKind.RUNSTATE_offline,
                    now);
        }
        if (!v.hasPauseFlag(Vcpu.VPF_blocked)) {
            trace(now, TraceEvent.TRC_SCHED_SLEEP, v, 0, 0);
        }
        policy.sleep(v, now);
    }

    /**
     * {@code vcpu_sleep_sync}: like {@link #sleep}, and if {@code v} is still on a pCPU it is switched out now (the
     * pCPU idles until it reschedules), so that no vCPU of a synchronously paused domain runs after the pause.
     */
    public void sleepSync(Vcpu v, long now) {
        sleep(v, now);
        if (!v.isRunnable() && v.isRunning()) {
            int pcpu = v.processor();
            switchTo(pcpu, null, now);
            journal.lifecycle(
                    now, LifecycleEvent.VCPU_DESCHEDULED, v.domain().domid(), ((long) pcpu << 16) | v.vcpuId());
            tickler.tickle(pcpu);
        }
    }

    /** {@code vcpu_yield}: the running vCPU {@code v} gives up the rest of its timeslice. */
    public void yield(Vcpu v, long now) {
        trace(now, TraceEvent.TRC_SCHED_YIELD, v, 0, 0);
        policy.yield(v, now);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Scheduling

    /**
     * {@code schedule()}: asks the policy what {@code pcpu} should run now and switches to it; journalled as one input.
     *
     * @return the timeslice the policy granted, or {@link ScheduleDecision#NO_TIMESLICE}
     */
    public long schedule(int pcpu, long now, ScheduleDecision scratch) {
        decisions++;
        Vcpu prev = current[pcpu];
        journal.scheduleBegin(pcpu, now);
        scratch.set(null, ScheduleDecision.NO_TIMESLICE);
        policy.doSchedule(pcpu, prev, now, scratch);
        Vcpu next = scratch.next;
        String illegal = illegalChoice(pcpu, prev, next);
        if (illegal != null) {
            scratch.set(null, ScheduleDecision.NO_TIMESLICE);
            switchTo(pcpu, null, now);
            journal.scheduleEnd(domid(prev), vcpuId(prev), -1, -1, ScheduleDecision.NO_TIMESLICE);
            bugs.bug(policy.name() + " chose " + next + " for pCPU " + pcpu + ", " + illegal);
            return ScheduleDecision.NO_TIMESLICE;
        }
        switchTo(pcpu, next, now);
        journal.scheduleEnd(domid(prev), vcpuId(prev), domid(next), vcpuId(next), scratch.timesliceNs);
        return scratch.timesliceNs;
    }

    /**
     * Why choosing {@code next} to run on {@code pcpu} in place of {@code prev} breaks the core's invariants, or
     * {@code null} if it is legal: the choice must be idle, or a runnable vCPU that runs on no other pCPU and whose
     * hard affinity contains {@code pcpu}. The one statement of the rule, for the core and for test hosts.
     */
    public static String illegalChoice(int pcpu, Vcpu prev, Vcpu next) {
        if (next == null) {
            return null;
        }
        if (!next.isRunnable()) {
            return "which is not runnable";
        }
        if (next.isRunning() && next != prev) {
            return "which runs on pCPU " + next.processor();
        }
        if (!next.hardAffinity().contains(pcpu)) {
            return "outside its hard affinity " + next.hardAffinity();
        }
        return null;
    }

    private static int domid(Vcpu v) {
        return v == null ? -1 : v.domain().domid();
    }

    private static int vcpuId(Vcpu v) {
        return v == null ? -1 : v.vcpuId();
    }

    private void switchTo(int pcpu, Vcpu next, long now) {
        Vcpu prev = current[pcpu];
        if (prev == next) {
            return;
        }
        if (prev != null) {
            prev.setRunning(false);
            RunstateKind state = prev.hasPauseFlag(Vcpu.VPF_blocked)
                    ? RunstateKind.RUNSTATE_blocked
                    : prev.isRunnable() ? RunstateKind.RUNSTATE_runnable : RunstateKind.RUNSTATE_offline;
            changeRunstate(prev, state, now);
            busyTotal[pcpu] += now - busySince[pcpu];
        }
        current[pcpu] = next;
        if (next != null) {
            if (next.processor() != pcpu && next.cpuTime(now) > 0) {
                next.countMigration();
            }
            next.setRunning(true);
            next.setProcessor(pcpu);
            changeRunstate(next, RunstateKind.RUNSTATE_running, now);
            busySince[pcpu] = now;
            if (next.wokenAt() >= 0) {
                WakeLatency l = latencies[next.domain().domid()];
                if (l != null) {
                    l.record(now - next.wokenAt());
                }
                next.setWokenAt(-1);
            }
        }
        switchListener.contextSwitched(pcpu, prev, next, now);
    }

    private void changeRunstate(Vcpu v, RunstateKind state, long now) {
        RunstateKind old = v.runstate();
        if (old == state) {
            return;
        }
        v.changeRunstate(state, now);
        trace(now, TraceEvent.TRC_SCHED_RUNSTATE_CHANGE, v, old.code, state.code);
    }
}
