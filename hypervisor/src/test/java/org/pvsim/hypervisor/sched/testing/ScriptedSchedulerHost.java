package org.pvsim.hypervisor.sched.testing;

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
 * A hand-driven {@link SchedulerHost} for unit tests of a policy's algorithm: no hypervisor, no guests. The test
 * creates domains, wakes and blocks vCPUs, calls {@link #schedule} on a pCPU at a time of its choosing and fires the
 * policy's timers with {@link #advanceTo}; the host records tickles and trace events and checks each decision as the
 * real core does (runnable, not running elsewhere, inside the hard affinity).
 */
public final class ScriptedSchedulerHost implements SchedulerHost {
    /** A trace event the policy emitted. */
    public record Trace(long time, int event, Vcpu vcpu, long d1, long d2) {}

    private static final class TimerEntry {
        final Timer timer;
        final Timer.Action action;
        long expires = -1;

        TimerEntry(Timer timer, Timer.Action action) {
            this.timer = timer;
            this.action = action;
        }
    }

    public final Scheduler policy;
    private final int nrPcpus;
    private final XenCommandLine commandLine;
    private final Vcpu[] current;
    private final boolean[] tickledSinceSchedule;
    private final List<TimerEntry> timers = new ArrayList<>();
    /** Every tickle, in order. */
    public final List<Integer> tickles = new ArrayList<>();
    /** Every trace event, in order. */
    public final List<Trace> traces = new ArrayList<>();
    /** The latest decision of {@link #schedule}. */
    public final ScheduleDecision decision = new ScheduleDecision();

    private long now;

    public ScriptedSchedulerHost(Scheduler policy, int nrPcpus) {
        this(policy, nrPcpus, "");
    }

    public ScriptedSchedulerHost(Scheduler policy, int nrPcpus, String xenCmdline) {
        this.policy = policy;
        this.nrPcpus = nrPcpus;
        this.commandLine = XenCommandLine.parse(xenCmdline);
        this.current = new Vcpu[nrPcpus];
        this.tickledSinceSchedule = new boolean[nrPcpus];
        policy.init(this);
    }

    /** The current virtual time. */
    public long now() {
        return now;
    }

    /** A new domain whose offline vCPUs, free to run anywhere, join the policy (as {@code domainCreated}). */
    public Domain domain(int domid, int vcpus) {
        Domain d = new Domain(domid, false, false, vcpus, new byte[16], now);
        policy.initDomain(d, now);
        for (int i = 0; i < vcpus; i++) {
            Vcpu v = d.vcpu(i);
            v.setHardAffinity(CpuMask.all(nrPcpus));
            v.setSoftAffinity(CpuMask.all(nrPcpus));
            policy.insertVcpu(v, now);
        }
        return d;
    }

    /** Brings {@code v} online (or unblocks it) and wakes it. */
    public void wake(Vcpu v) {
        v.setPauseFlag(Vcpu.VPF_down, false);
        v.setPauseFlag(Vcpu.VPF_blocked, false);
        policy.wake(v, now);
    }

    /** {@code v} blocks: it stops being runnable and the policy is told. */
    public void block(Vcpu v) {
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        policy.sleep(v, now);
    }

    /** {@code v} goes offline ({@code VCPUOP_down}). */
    public void down(Vcpu v) {
        v.setPauseFlag(Vcpu.VPF_down, true);
        policy.sleep(v, now);
    }

    /**
     * Pauses {@code v} synchronously, as {@code vcpu_sleep_sync}: the policy is told, and if {@code v} runs it is
     * switched out at once, without a decision of the policy's (its pCPU idles until it reschedules).
     */
    public void pauseSync(Vcpu v) {
        v.setPauseCount(v.pauseCount() + 1);
        policy.sleep(v, now);
        if (v.isRunning()) {
            current[v.processor()] = null;
            v.setRunning(false);
        }
    }

    /** Undoes {@link #pauseSync}; wakes {@code v} if it becomes runnable. */
    public void unpause(Vcpu v) {
        v.setPauseCount(v.pauseCount() - 1);
        if (v.isRunnable()) {
            policy.wake(v, now);
        }
    }

    /** Changes {@code v}'s affinities (either may be {@code null}) and tells the policy. */
    public void setAffinity(Vcpu v, CpuMask hard, CpuMask soft) {
        if (hard != null) {
            v.setHardAffinity(hard);
        }
        if (soft != null) {
            v.setSoftAffinity(soft);
        }
        policy.affinityChanged(v, now);
    }

    /** Fires, in time order, every policy timer due at or before {@code time}, and moves the clock there. */
    public void advanceTo(long time) {
        while (true) {
            TimerEntry next = null;
            for (TimerEntry e : timers) {
                if (e.expires >= 0 && e.expires <= time && (next == null || e.expires < next.expires)) {
                    next = e;
                }
            }
            if (next == null) {
                break;
            }
            now = Math.max(now, next.expires);
            next.expires = -1;
            next.action.fire(now);
        }
        now = Math.max(now, time);
    }

    /**
     * Runs {@code do_schedule} on {@code pcpu} at the current time and switches to its choice, checking it as the core
     * does. Returns the chosen vCPU ({@code null} for idle); the timeslice is in {@link #decision}.
     */
    public Vcpu schedule(int pcpu) {
        tickledSinceSchedule[pcpu] = false;
        decision.set(null, ScheduleDecision.NO_TIMESLICE);
        Vcpu prev = current[pcpu];
        policy.doSchedule(pcpu, prev, now, decision);
        Vcpu next = decision.next;
        String illegal = SchedulerCore.illegalChoice(pcpu, prev, next);
        if (illegal != null) {
            throw new AssertionError(policy.name() + " chose " + next + " for pCPU " + pcpu + ", " + illegal);
        }
        if (prev != null && prev != next) {
            prev.setRunning(false);
        }
        if (next != null) {
            next.setRunning(true);
            next.setProcessor(pcpu);
        }
        current[pcpu] = next;
        return next;
    }

    /**
     * Reschedules every pCPU tickled since it last scheduled, lowest first, until none is (what the execution engine
     * does at the same instant). Returns the number of decisions taken.
     */
    public int settle() {
        int decisions = 0;
        for (int pass = 0; pass < 64 * nrPcpus; pass++) {
            int p = 0;
            while (p < nrPcpus && !tickledSinceSchedule[p]) {
                p++;
            }
            if (p == nrPcpus) {
                return decisions;
            }
            schedule(p);
            decisions++;
        }
        throw new AssertionError(policy.name() + " keeps tickling pCPUs at " + now);
    }

    /** Schedules {@code pcpu}, then {@link #settle}s; returns what {@code pcpu} runs. */
    public Vcpu scheduleAndSettle(int pcpu) {
        schedule(pcpu);
        settle();
        return current[pcpu];
    }

    /** Whether {@code pcpu} was tickled since it last scheduled. */
    public boolean isTickled(int pcpu) {
        return tickledSinceSchedule[pcpu];
    }

    /** The trace events with id {@code event}, in order. */
    public List<Trace> traces(int event) {
        List<Trace> out = new ArrayList<>();
        for (Trace t : traces) {
            if (t.event() == event) {
                out.add(t);
            }
        }
        return out;
    }

    /** When the policy's timer named {@code name} is armed to fire, or -1. */
    public long timerExpiry(String name) {
        for (TimerEntry e : timers) {
            if (e.timer.toString().startsWith(name)) {
                return e.expires;
            }
        }
        throw new AssertionError("no timer " + name);
    }

    // -------------------------------------------------------------------------------------------------------------
    // SchedulerHost

    @Override
    public int nrPcpus() {
        return nrPcpus;
    }

    @Override
    public CpuTopology topology() {
        return CpuTopology.of(nrPcpus, 1, 1);
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
        tickles.add(pcpu);
        tickledSinceSchedule[pcpu] = true;
    }

    @Override
    public Timer newTimer(String name, int domid, int vcpu, int index, Timer.Action action) {
        Timer t = new Timer(name, action);
        timers.add(new TimerEntry(t, action));
        return t;
    }

    @Override
    public void setTimer(Timer t, long expires) {
        entry(t).expires = expires;
    }

    @Override
    public void stopTimer(Timer t) {
        entry(t).expires = -1;
    }

    @Override
    public void killTimer(Timer t) {
        timers.remove(entry(t));
    }

    @Override
    public void trace(long time, int event, Vcpu v, long d1, long d2) {
        traces.add(new Trace(time, event, v, d1, d2));
    }

    private TimerEntry entry(Timer t) {
        for (TimerEntry e : timers) {
            if (e.timer == t) {
                return e;
            }
        }
        throw new AssertionError("unknown timer " + t);
    }
}
