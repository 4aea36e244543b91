package org.pvsim.hypervisor.sched.credit;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.sched.SchedulerHost;
import org.pvsim.hypervisor.time.EventEngine;
import org.pvsim.hypervisor.time.Timer;

/**
 * A minimal {@link SchedulerHost} for driving {@link CreditScheduler} by hand: the test says when each pCPU
 * schedules, wakes and blocks vCPUs, and advances time (firing the policy's timers). It records tickles and trace
 * events, and checks the core's rules on every decision.
 */
final class FakeHost implements SchedulerHost {
    record TraceRecord(long time, int event, Vcpu vcpu, long d1, long d2) {}

    final EventEngine engine = new EventEngine();
    final CpuTopology topology;
    final XenCommandLine cmdline;
    final Vcpu[] current;
    final List<Integer> tickled = new ArrayList<>();
    final List<TraceRecord> traces = new ArrayList<>();
    final ScheduleDecision decision = new ScheduleDecision();
    final CreditScheduler policy = new CreditScheduler();
    /** Whether tickles and trace events are recorded (off for allocation measurements). */
    boolean recording = true;

    FakeHost(CpuTopology topology, String cmdline) {
        this.topology = topology;
        this.cmdline = XenCommandLine.parse(cmdline);
        this.current = new Vcpu[topology.nrPcpus()];
        policy.init(this);
    }

    FakeHost(int pcpus) {
        this(new CpuTopology(1, pcpus, 1), "");
    }

    /** A domain with {@code vcpus} vCPUs, inserted into the policy; the vCPUs are down (not runnable). */
    Domain domain(int domid, int vcpus) {
        Domain d = new Domain(domid, false, false, vcpus, new byte[16], engine.now());
        policy.initDomain(d, engine.now());
        for (int i = 0; i < vcpus; i++) {
            Vcpu v = d.vcpu(i);
            v.setHardAffinity(CpuMask.all(current.length));
            v.setSoftAffinity(CpuMask.all(current.length));
            policy.insertVcpu(v, engine.now());
        }
        return d;
    }

    /** Fires the policy's timers up to {@code time}. */
    void advance(long time) {
        engine.runUntil(time, FakeHost::never);
    }

    private static boolean never() {
        return false;
    }

    /** Brings {@code v} up or unblocks it at the current time. */
    void wake(Vcpu v) {
        boolean was = v.isRunnable();
        v.setPauseFlag(Vcpu.VPF_down, false);
        v.setPauseFlag(Vcpu.VPF_blocked, false);
        if (!was && v.isRunnable()) {
            if (!v.isRunning()) {
                v.changeRunstate(RunstateKind.RUNSTATE_runnable, engine.now());
            }
            policy.wake(v, engine.now());
        }
    }

    /** Blocks {@code v} at the current time. */
    void block(Vcpu v) {
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        if (!v.isRunning()) {
            v.changeRunstate(RunstateKind.RUNSTATE_blocked, engine.now());
        }
        policy.sleep(v, engine.now());
    }

    /**
     * What the core's {@code sleepSync} does to a running vCPU: pauses it and switches it out of {@code pcpu} at once,
     * without a {@code do_schedule}; returns it.
     */
    Vcpu pauseSync(int pcpu) {
        Vcpu v = current[pcpu];
        v.setPauseCount(v.pauseCount() + 1);
        policy.sleep(v, engine.now());
        v.setRunning(false);
        v.changeRunstate(RunstateKind.RUNSTATE_offline, engine.now());
        current[pcpu] = null;
        return v;
    }

    /** Undoes {@link #pauseSync}. */
    void unpause(Vcpu v) {
        v.setPauseCount(v.pauseCount() - 1);
        if (v.isRunnable()) {
            v.changeRunstate(RunstateKind.RUNSTATE_runnable, engine.now());
            policy.wake(v, engine.now());
        }
    }

    /** {@code do_schedule} on {@code pcpu} at the current time; switches to the choice and returns it. */
    Vcpu schedule(int pcpu) {
        long now = engine.now();
        Vcpu prev = current[pcpu];
        decision.set(null, ScheduleDecision.NO_TIMESLICE);
        policy.doSchedule(pcpu, prev, now, decision);
        Vcpu next = decision.next;
        String illegal = SchedulerCore.illegalChoice(pcpu, prev, next);
        if (illegal != null) {
            throw new AssertionError("credit chose " + next + " for pCPU " + pcpu + ", " + illegal);
        }
        if (prev != next) {
            if (prev != null) {
                prev.setRunning(false);
                prev.changeRunstate(
                        prev.isRunnable()
                                ? RunstateKind.RUNSTATE_runnable
                                : prev.hasPauseFlag(Vcpu.VPF_blocked)
                                        ? RunstateKind.RUNSTATE_blocked
                                        : RunstateKind.RUNSTATE_offline,
                        now);
            }
            if (next != null) {
                next.setRunning(true);
                next.setProcessor(pcpu);
                next.changeRunstate(RunstateKind.RUNSTATE_running, now);
            }
            current[pcpu] = next;
        }
        return next;
    }

    /** The trace events of kind {@code event} so far. */
    List<TraceRecord> traces(int event) {
        List<TraceRecord> out = new ArrayList<>();
        for (TraceRecord r : traces) {
            if (r.event() == event) {
                out.add(r);
            }
        }
        return out;
    }

    Scheduler scheduler() {
        return policy;
    }

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
        return cmdline;
    }

    @Override
    public Vcpu current(int pcpu) {
        return current[pcpu];
    }

    @Override
    public void tickle(int pcpu) {
        if (recording) {
            tickled.add(pcpu);
        }
    }

    @Override
    public Timer newTimer(String name, int domid, int vcpu, int index, Timer.Action action) {
        return new Timer(name, action);
    }

    @Override
    public void setTimer(Timer t, long expires) {
        engine.set(t, expires);
    }

    @Override
    public void stopTimer(Timer t) {
        engine.stop(t);
    }

    @Override
    public void killTimer(Timer t) {
        engine.stop(t);
    }

    @Override
    public void trace(long now, int event, Vcpu v, long d1, long d2) {
        if (recording) {
            traces.add(new TraceRecord(now, event, v, d1, d2));
        }
    }

    @Override
    public void pauseVcpu(Vcpu v, long now) {
        v.setPauseCount(v.pauseCount() + 1);
        policy.sleep(v, now);
    }

    @Override
    public void unpauseVcpu(Vcpu v, long now) {
        v.setPauseCount(v.pauseCount() - 1);
        if (v.isRunnable()) {
            policy.wake(v, now);
        }
    }
}
