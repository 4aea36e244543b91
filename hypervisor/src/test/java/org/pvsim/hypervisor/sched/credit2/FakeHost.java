package org.pvsim.hypervisor.sched.credit2;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.Scheduler;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.sched.SchedulerHost;
import org.pvsim.hypervisor.time.Timer;

/**
 * A minimal {@link SchedulerHost} and scheduler core for driving a policy by hand: domains of runnable vCPUs, {@code
 * do_schedule} calls whose decisions are checked and applied, timers fired when asked, tickles and traces recorded.
 * Time is whatever the test passes.
 */
final class FakeHost implements SchedulerHost {
    record Trace(long time, int event, Vcpu vcpu, long d1, long d2) {}

    private static final class FakeTimer {
        final Timer timer;
        final Timer.Action action;
        long expires = -1;

        FakeTimer(Timer timer, Timer.Action action) {
            this.timer = timer;
            this.action = action;
        }
    }

    final CpuTopology topology;
    final XenCommandLine cmdline;
    final Vcpu[] current;
    final boolean[] tickled;
    final List<Trace> traces = new ArrayList<>();
    private final List<FakeTimer> timers = new ArrayList<>();
    Scheduler policy;
    /** Whether {@link #trace} keeps the records (off for allocation measurements). */
    boolean recordTraces = true;

    private final ScheduleDecision decision = new ScheduleDecision();

    FakeHost(CpuTopology topology, String cmdline) {
        this.topology = topology;
        this.cmdline = XenCommandLine.parse(cmdline);
        this.current = new Vcpu[topology.nrPcpus()];
        this.tickled = new boolean[topology.nrPcpus()];
    }

    /** A host of {@code pcpus} pCPUs in one socket running a fresh credit2 with these boot options. */
    static FakeHost credit2(int pcpus, String cmdline) {
        FakeHost h = new FakeHost(CpuTopology.of(pcpus, 1, 1), cmdline);
        h.policy = new Credit2Scheduler();
        h.policy.init(h);
        return h;
    }

    Credit2Scheduler credit2() {
        return (Credit2Scheduler) policy;
    }

    /** A domain of {@code vcpus} vCPUs, inserted and free to run everywhere, but not yet woken. */
    Domain domain(int domid, int vcpus, long now) {
        Domain d = new Domain(domid, false, false, vcpus, new byte[16], now);
        policy.initDomain(d, now);
        for (int i = 0; i < vcpus; i++) {
            Vcpu v = d.vcpu(i);
            v.setHardAffinity(CpuMask.all(nrPcpus()));
            v.setSoftAffinity(CpuMask.all(nrPcpus()));
            policy.insertVcpu(v, now);
        }
        return d;
    }

    /** Brings {@code v} up (or unblocks it) and wakes it. */
    void wake(Vcpu v, long now) {
        v.setPauseFlag(Vcpu.VPF_down, false);
        v.setPauseFlag(Vcpu.VPF_blocked, false);
        policy.wake(v, now);
    }

    /** Blocks {@code v}. */
    void block(Vcpu v, long now) {
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        policy.sleep(v, now);
    }

    /** {@code do_schedule} on {@code pcpu}: checks the decision as the core does and applies it; returns the slice. */
    long schedule(int pcpu, long now) {
        tickled[pcpu] = false;
        Vcpu prev = current[pcpu];
        decision.set(null, ScheduleDecision.NO_TIMESLICE);
        policy.doSchedule(pcpu, prev, now, decision);
        Vcpu next = decision.next;
        String illegal = SchedulerCore.illegalChoice(pcpu, prev, next);
        if (illegal != null) {
            throw new AssertionError(next + " chosen for pCPU " + pcpu + ", " + illegal);
        }
        if (prev != null && prev != next) {
            prev.setRunning(false);
        }
        if (next != null) {
            next.setRunning(true);
            next.setProcessor(pcpu);
        }
        current[pcpu] = next;
        return decision.timesliceNs;
    }

    /** Fires, in time order, every armed timer due at or before {@code now}. */
    void fireTimers(long now) {
        while (true) {
            FakeTimer due = null;
            for (int i = 0; i < timers.size(); i++) {
                FakeTimer t = timers.get(i);
                if (t.expires >= 0 && t.expires <= now && (due == null || t.expires < due.expires)) {
                    due = t;
                }
            }
            if (due == null) {
                return;
            }
            long at = due.expires;
            due.expires = -1;
            due.action.fire(at);
        }
    }

    /** When {@code t} is armed for, or -1. */
    long expiry(Timer t) {
        for (FakeTimer f : timers) {
            if (f.timer == t) {
                return f.expires;
            }
        }
        return -1;
    }

    long count(int event) {
        return traces.stream().filter(t -> t.event == event).count();
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
        tickled[pcpu] = true;
    }

    @Override
    public Timer newTimer(String name, int domid, int vcpu, int index, Timer.Action action) {
        Timer t = new Timer(name, action);
        timers.add(new FakeTimer(t, action));
        return t;
    }

    @Override
    public void setTimer(Timer t, long expires) {
        for (int i = 0; i < timers.size(); i++) {
            FakeTimer f = timers.get(i);
            if (f.timer == t) {
                f.expires = expires;
            }
        }
    }

    @Override
    public void stopTimer(Timer t) {
        setTimer(t, -1);
    }

    @Override
    public void killTimer(Timer t) {
        timers.removeIf(f -> f.timer == t);
    }

    @Override
    public void trace(long now, int event, Vcpu v, long d1, long d2) {
        if (!recordTraces) {
            return;
        }
        traces.add(new Trace(now, event, v, d1, d2));
    }
}
