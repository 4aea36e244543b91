package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.LifecycleEvent;

/**
 * The policy-independent part of scheduling ({@code xen/common/sched/core.c}): which vCPU each pCPU runs, runstate
 * changes and their accounting, and the calls into the {@link Scheduler} policy when a vCPU wakes, sleeps or yields.
 *
 * <p>Two modes. Live, the policy is consulted and a {@link Tickler} is told which pCPUs must reschedule. Replaying,
 * no policy runs: the recorded context switches are applied through {@link #contextSwitch}, so runstates and their
 * times come out as recorded. Runstate changes caused by wake and sleep happen in both modes.
 *
 * <p>Invariants: a vCPU is current on at most one pCPU, and {@code isRunning()} holds exactly for current vCPUs; a
 * running vCPU is in {@code RUNSTATE_running}; a vCPU that is neither running nor runnable is blocked or offline.
 */
public final class SchedulerCore implements SchedulerHost {
    /** Told when a pCPU must run {@code do_schedule} soon. */
    @FunctionalInterface
    public interface Tickler {
        void tickle(int pcpu);
    }

    private final Scheduler policy;
    private final Vcpu[] current;
    private final Journal journal;
    private Tickler tickler;

    /**
     * @param policy the policy to consult, or {@code null} when replaying (decisions then come from the journal)
     */
    public SchedulerCore(Scheduler policy, int nrPcpus, Journal journal) {
        this.policy = policy;
        this.current = new Vcpu[nrPcpus];
        this.journal = journal;
        this.tickler = pcpu -> {};
        if (policy != null) {
            policy.init(this);
        }
    }

    /** The policy, or {@code null} when replaying. */
    public Scheduler policy() {
        return policy;
    }

    /** Sets who is told about pCPUs that must reschedule. */
    public void setTickler(Tickler tickler) {
        this.tickler = tickler;
    }

    @Override
    public int nrPcpus() {
        return current.length;
    }

    @Override
    public org.pvsim.hypervisor.machine.CpuTopology topology() {
        return org.pvsim.hypervisor.machine.CpuTopology.of(current.length, 1, 1);
    }

    @Override
    public org.pvsim.hypervisor.machine.XenCommandLine commandLine() {
        return org.pvsim.hypervisor.machine.XenCommandLine.EMPTY;
    }

    @Override
    public org.pvsim.hypervisor.time.Timer newTimer(
            String name, int domid, int vcpu, int index, org.pvsim.hypervisor.time.Timer.Action action) {
        throw new UnsupportedOperationException("WIP");
    }

    @Override
    public void setTimer(org.pvsim.hypervisor.time.Timer t, long expires) {
        throw new UnsupportedOperationException("WIP");
    }

    @Override
    public void stopTimer(org.pvsim.hypervisor.time.Timer t) {
        throw new UnsupportedOperationException("WIP");
    }

    @Override
    public void killTimer(org.pvsim.hypervisor.time.Timer t) {
        throw new UnsupportedOperationException("WIP");
    }

    @Override
    public void trace(long now, int event, Vcpu v, long d1, long d2) {}

    @Override
    public Vcpu current(int pcpu) {
        return current[pcpu];
    }

    @Override
    public void tickle(int pcpu) {
        tickler.tickle(pcpu);
    }

    /** A domain was created: its vCPUs join the policy. */
    public void domainCreated(Domain d, long now) {
        if (policy != null) {
            policy.initDomain(d, now);
            for (int i = 0; i < d.maxVcpus(); i++) {
                policy.insertVcpu(d.vcpu(i), now);
            }
        }
    }

    /** A domain is going away: its vCPUs leave the policy. They must not be running. */
    public void domainDestroyed(Domain d, long now) {
        if (policy != null) {
            for (int i = 0; i < d.maxVcpus(); i++) {
                policy.removeVcpu(d.vcpu(i), now);
            }
            policy.destroyDomain(d, now);
        }
    }

    /** {@code vcpu_wake}: call after something that may have made {@code v} runnable. */
    public void wake(Vcpu v, long now) {
        if (v.isRunnable()) {
            if (v.runstate().code >= RunstateKind.RUNSTATE_blocked.code) {
                v.changeRunstate(RunstateKind.RUNSTATE_runnable, now);
            }
            if (policy != null) {
                policy.wake(v, now);
            }
        } else if (!v.hasPauseFlag(Vcpu.VPF_blocked) && v.runstate() == RunstateKind.RUNSTATE_blocked) {
            v.changeRunstate(RunstateKind.RUNSTATE_offline, now);
        }
    }

    /** {@code vcpu_sleep_nosync}: call after something that may have made {@code v} not runnable. */
    public void sleep(Vcpu v, long now) {
        if (v.isRunnable()) {
            return;
        }
        if (v.runstate() == RunstateKind.RUNSTATE_runnable) {
            v.changeRunstate(RunstateKind.RUNSTATE_offline, now);
        }
        if (policy != null) {
            policy.sleep(v, now);
        } else if (v.isRunning()) {
            tickler.tickle(v.processor());
        }
    }

    /**
     * {@code vcpu_sleep_sync}: like {@link #sleep}, and if {@code v} is still on a pCPU it is switched out now (the
     * pCPU idles until it reschedules), so that no vCPU of a synchronously paused domain runs after the pause.
     */
    public void sleepSync(Vcpu v, long now) {
        sleep(v, now);
        if (!v.isRunnable() && v.isRunning()) {
            int pcpu = v.processor();
            switchOut(pcpu, now);
            journal.lifecycle(
                    now, LifecycleEvent.VCPU_DESCHEDULED, v.domain().domid(), ((long) pcpu << 16) | v.vcpuId());
            tickler.tickle(pcpu);
        }
    }

    /** {@code vcpu_yield}: the running vCPU {@code v} gives up the rest of its timeslice. */
    public void yield(Vcpu v, long now) {
        if (policy != null) {
            policy.yield(v, now);
        }
    }

    /**
     * Asks the policy what {@code pcpu} should run now and switches to it. Live mode only.
     *
     * @return the timeslice the policy granted, or {@link ScheduleDecision#NO_TIMESLICE}
     */
    public long schedule(int pcpu, long now, ScheduleDecision scratch) {
        Vcpu prev = current[pcpu];
        policy.doSchedule(pcpu, prev, now, scratch);
        Vcpu next = scratch.next;
        if (next != null && (!next.isRunnable() || (next.isRunning() && next != prev))) {
            throw new IllegalStateException(policy.name() + " chose " + next + " for pCPU " + pcpu
                    + ", which is not runnable or runs elsewhere");
        }
        contextSwitch(pcpu, next, now);
        return scratch.timesliceNs;
    }

    /**
     * Makes {@code next} (or idle, for {@code null}) the current vCPU of {@code pcpu} at {@code now}, accounting the
     * runstates of the previous and next vCPU, and journals the switch. Switching to the current vCPU does nothing.
     */
    public void contextSwitch(int pcpu, Vcpu next, long now) {
        Vcpu prev = current[pcpu];
        if (prev == next) {
            return;
        }
        switchTo(pcpu, next, now);
        journal.schedSwitch(
                pcpu,
                now,
                prev == null ? -1 : prev.domain().domid(),
                prev == null ? -1 : prev.vcpuId(),
                next == null ? -1 : next.domain().domid(),
                next == null ? -1 : next.vcpuId());
    }

    /** Takes {@code pcpu}'s vCPU off it, leaving it idle; journalled by the caller as a consequence. */
    private void switchOut(int pcpu, long now) {
        switchTo(pcpu, null, now);
    }

    private void switchTo(int pcpu, Vcpu next, long now) {
        Vcpu prev = current[pcpu];
        if (prev != null) {
            prev.setRunning(false);
            RunstateKind state = prev.hasPauseFlag(Vcpu.VPF_blocked)
                    ? RunstateKind.RUNSTATE_blocked
                    : prev.isRunnable() ? RunstateKind.RUNSTATE_runnable : RunstateKind.RUNSTATE_offline;
            prev.changeRunstate(state, now);
        }
        current[pcpu] = next;
        if (next != null) {
            next.setRunning(true);
            next.setProcessor(pcpu);
            next.changeRunstate(RunstateKind.RUNSTATE_running, now);
        }
    }
}
