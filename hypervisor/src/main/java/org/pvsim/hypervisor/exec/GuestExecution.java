package org.pvsim.hypervisor.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.GuestGeneralProtection;
import org.pvsim.hypervisor.abi.GuestKernel;
import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.abi.KernelImageDescriptor;
import org.pvsim.hypervisor.abi.VcpuStopped;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.GuestFaultKind;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.time.EventEngine;
import org.pvsim.hypervisor.time.Timer;

/**
 * Runs guests on the host's pCPUs in virtual time, while recording. Each pCPU has one timer. When it fires, the pCPU
 * asks the scheduler what to run if it must (tickled, timeslice over, its vCPU stopped), then either runs one step of
 * its vCPU's kernel or lets virtual time pass while the vCPU burns the CPU time its last step cost.
 *
 * <p>A step runs at one instant: its hypercalls and stores happen at the timer's time. The CPU time it costs (what
 * the kernel computed, plus each hypercall's cost) is paid afterwards, and a vCPU preempted before it paid carries
 * the rest to its next turn. Everything is ordered by the engine's (time, sequence) order, so a run is
 * deterministic. Guest failures (a page fault or exception escaping the kernel, a missing kernel) crash the guest's
 * domain, never the host.
 */
public final class GuestExecution {
    /** What a step of guest code did wrong, for the run's report; the hypervisor's console has the Xen view. */
    public record GuestFailure(long time, String vcpu, String description) {}

    private static final class VcpuState {
        long debt;
    }

    private final Hypervisor hv;
    private final EventEngine engine;
    private final SchedulerCore sched;
    private final KernelLoader loader;
    private final ExecutionCosts costs;
    private final VcpuCpu cpu;
    private final ScheduleDecision decision = new ScheduleDecision();
    private final GuestKernel[] kernels = new GuestKernel[DomId.DOMID_FIRST_RESERVED];
    /** The domain each kernel was loaded for: an id reused by a new domain gets a new kernel. */
    private final Domain[] kernelDomains = new Domain[DomId.DOMID_FIRST_RESERVED];

    private final Timer[] timers;
    private final boolean[] needSchedule;
    private final long[] sliceEnd;
    private final long[] burnEnd;
    private final byte[] header = new byte[KernelImageDescriptor.SIZE];
    private final List<GuestFailure> failures = new ArrayList<>();
    private long steps;
    private long upcalls;
    private boolean stopRequested;

    public GuestExecution(Hypervisor hv, KernelLoader loader, ExecutionCosts costs) {
        this.hv = hv;
        this.engine = hv.engine();
        this.sched = hv.sched();
        this.loader = loader;
        this.costs = costs;
        this.cpu = new VcpuCpu(hv, costs);
        int n = hv.machine().nrPcpus();
        this.timers = new Timer[n];
        this.needSchedule = new boolean[n];
        this.sliceEnd = new long[n];
        this.burnEnd = new long[n];
        for (int p = 0; p < n; p++) {
            final int pcpu = p;
            timers[p] = new Timer("pcpu" + p, now -> fire(pcpu, now));
            needSchedule[p] = true;
        }
        sched.setTickler(this::tickle);
        hv.subsystems().setInterrupter(this::interrupt);
        for (int p = 0; p < n; p++) {
            engine.set(timers[p], engine.now());
        }
    }

    /**
     * Runs until virtual time {@code until}, or until the host halts or {@link #requestStop()} is called. Returns
     * whether {@code until} was reached.
     */
    public boolean runUntil(long until) {
        return engine.runUntil(until, () -> stopRequested || hv.isHalted());
    }

    /** Stops the run before the next timer fires (e.g. when an audit finds a violation). */
    public void requestStop() {
        stopRequested = true;
    }

    /** The host it runs. */
    public Hypervisor hypervisor() {
        return hv;
    }

    /** Guest steps run so far. */
    public long steps() {
        return steps;
    }

    /** Event upcalls delivered so far. */
    public long upcalls() {
        return upcalls;
    }

    /** The guest failures met so far, in order. */
    public List<GuestFailure> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** {@code SCHEDULE_SOFTIRQ}: {@code pcpu} reschedules at the current time. */
    private void tickle(int pcpu) {
        needSchedule[pcpu] = true;
        Timer t = timers[pcpu];
        if (!t.isActive() || t.expires() > engine.now()) {
            engine.set(t, engine.now());
        }
    }

    /**
     * The event-check IPI: {@code pcpu} reaches a scheduling point now, without a reschedule being asked for, so that
     * it consumes its kicks and delivers an upcall its vCPU has due (interrupting the CPU time it was paying).
     */
    private void interrupt(int pcpu) {
        Timer t = timers[pcpu];
        if (!t.isActive() || t.expires() > engine.now()) {
            engine.set(t, engine.now());
        }
    }

    private VcpuState state(Vcpu v) {
        if (v.execPriv == null) {
            v.execPriv = new VcpuState();
        }
        return (VcpuState) v.execPriv;
    }

    private void fire(int p, long now) {
        Vcpu cur = sched.current(p);
        if (cur != null && now < burnEnd[p]) {
            // interrupted while paying for its last step: it owes the rest
            state(cur).debt += burnEnd[p] - now;
        }
        burnEnd[p] = now;
        hv.subsystems().kicks().drain(p);
        if (needSchedule[p] || cur == null || !cur.isRunnable() || now >= sliceEnd[p]) {
            needSchedule[p] = false;
            long slice = hv.schedule(p, now, decision);
            sliceEnd[p] = slice == ScheduleDecision.NO_TIMESLICE ? Long.MAX_VALUE : now + slice;
            cur = sched.current(p);
            if (cur == null) {
                return;
            }
        }
        VcpuState s = state(cur);
        if (hv.upcallDue(cur)) {
            // test_guest_events on the way back to the guest: the upcall runs first, then the interrupted work
            s.debt += Math.max(upcall(cur, now), costs.minStepNs());
            if (!cur.isRunnable() || hv.isHalted()) {
                engine.set(timers[p], now);
                return;
            }
        } else if (s.debt == 0) {
            s.debt = Math.max(step(cur, now), costs.minStepNs());
            // A step's CPU time is paid before anything else runs here (a yield takes effect after the work that
            // preceded it); only a vCPU that left the CPU during its step gives the pCPU up at once.
            if (!cur.isRunnable() || hv.isHalted()) {
                engine.set(timers[p], now);
                return;
            }
        }
        long burn = Math.min(s.debt, sliceEnd[p] - now);
        s.debt -= burn;
        burnEnd[p] = now + burn;
        engine.set(timers[p], now + burn);
    }

    /** Runs one step of {@code v}'s kernel at {@code now}; returns the CPU time it took. */
    private long step(Vcpu v, long now) {
        steps++;
        return run(v, now, NO_UPCALL);
    }

    /** Delivers an event upcall to {@code v} at {@code now} and runs the kernel's callback; returns its CPU time. */
    private long upcall(Vcpu v, long now) {
        upcalls++;
        long rip = hv.deliverUpcall(v, now);
        return rip == 0 ? 0 : run(v, now, rip);
    }

    /** No upcall: {@link #run} runs a plain step. */
    private static final long NO_UPCALL = 0;

    /** Runs {@code v}'s kernel at {@code now}: a step, or its event callback at {@code rip}; returns its CPU time. */
    private long run(Vcpu v, long now, long rip) {
        Domain d = v.domain();
        GuestKernel kernel = kernelDomains[d.domid()] == d ? kernels[d.domid()] : null;
        if (kernel == null) {
            kernel = load(v, now);
            if (kernel == null) {
                return 0;
            }
            kernels[d.domid()] = kernel;
            kernelDomains[d.domid()] = d;
        }
        cpu.bind(v, now);
        try {
            if (rip == NO_UPCALL) {
                kernel.step(cpu);
            } else {
                kernel.eventCallback(cpu, rip);
            }
        } catch (VcpuStopped stopped) {
            // the vCPU left the CPU during the step: nothing more runs on it now
        } catch (GuestPageFault f) {
            failures.add(new GuestFailure(now, v.toString(), f.getMessage()));
            hv.guestFault(v, now, GuestFaultKind.PAGE_FAULT, f.address(), f.errorCode());
        } catch (GuestGeneralProtection gp) {
            failures.add(new GuestFailure(now, v.toString(), gp.getMessage()));
            hv.guestFault(v, now, GuestFaultKind.GENERAL_PROTECTION, gp.port(), 0);
        } catch (RuntimeException | StackOverflowError e) {
            failures.add(new GuestFailure(now, v.toString(), "kernel panic: " + e));
            hv.guestFault(v, now, GuestFaultKind.KERNEL_PANIC, 0, 0);
        }
        return cpu.unbind();
    }

    private GuestKernel load(Vcpu v, long now) {
        String name = null;
        try {
            hv.guestRead(v, v.contextRip(), header, 0, header.length);
            name = KernelImageDescriptor.decode(header, 0);
        } catch (GuestPageFault f) {
            name = null;
        }
        GuestKernel kernel = name == null ? null : loader.load(v.domain().domid(), name);
        if (kernel == null) {
            String what = name == null ? "no kernel image at its entry point" : "no kernel named \"" + name + "\"";
            failures.add(new GuestFailure(now, v.toString(), what));
            hv.guestFault(v, now, GuestFaultKind.NO_KERNEL, v.contextRip(), 0);
        }
        return kernel;
    }
}
