package org.pvsim.hypervisor.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainHook;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.LifecycleEvent;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.mm.PageRefs;
import org.pvsim.hypervisor.mm.PageTypes;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.spi.VirqSink;

/**
 * Domain lifecycle as {@code xen/common/domain.c} has it: creation (paused, controller pause count 1), pause and
 * unpause by the controller and internally, shutdown (the first reason latched, every vCPU paused, completion, then
 * {@code VIRQ_DOM_EXC}), resume, and kill (dying: vCPUs paused, page-table bases and pins dropped, tables
 * devalidated, allocation references released; dead; {@code VIRQ_DOM_EXC}).
 *
 * <p>A dead domain whose frames are all free leaves the domain table and its id can be reused; one whose frames are
 * still referenced by another domain stays until the last reference goes.
 */
public final class DomainLifecycle {
    /** Told when the hardware domain shuts down: the host halts ({@code hwdom_shutdown}). */
    @FunctionalInterface
    public interface HostHalt {
        void halt(int reason, long now);
    }

    /** The largest controller pause count ({@code _domain_pause_by_systemcontroller}). */
    public static final int MAX_CONTROLLER_PAUSE_COUNT = 255;

    private final DomainTable domains;
    private final SchedulerCore sched;
    private final PageTypes types;
    private final PageRefs refs;
    private final FrameTable frames;
    private final Journal journal;
    private VirqSink virqSink;
    private final List<DomainHook> hooks = new ArrayList<>();
    private int lastCreateError;
    private HostHalt hostHalt = (reason, now) -> {};
    private final LongSupplier clock;

    /** @param clock the virtual time of the input being applied, for steps that happen as a side effect */
    public DomainLifecycle(
            DomainTable domains, SchedulerCore sched, PageTypes types, Journal journal, LongSupplier clock) {
        this.clock = clock;
        this.domains = domains;
        this.sched = sched;
        this.types = types;
        this.refs = types.refs();
        this.frames = refs.frames();
        this.journal = journal;
        this.virqSink = (domid, vcpu, virq, t) -> journal.lifecycle(t, LifecycleEvent.VIRQ_RAISED, domid, virq);
        refs.setReleasedListener(this::frameReleased);
    }

    /**
     * Installs where VIRQs go. The hypervisor installs its {@link NoEvtchnVirqSink} at boot; the event-channel
     * subsystem replaces it. (The sink a bare lifecycle starts with only records each VIRQ.)
     */
    public void setVirqSink(VirqSink sink) {
        this.virqSink = sink;
    }

    /** Where VIRQs go now. */
    public VirqSink virqSink() {
        return virqSink;
    }

    /** Adds a hook told about every domain's creation and final destruction. */
    public void addDomainHook(DomainHook hook) {
        hooks.add(hook);
    }

    public void setHostHalt(HostHalt halt) {
        this.hostHalt = halt;
    }

    /** {@code send_global_virq}: raises a global VIRQ at its handler, the hardware domain. */
    public void sendGlobalVirq(Virq virq, long at) {
        for (Domain d : domains.all()) {
            if (d.isHardwareDomain() && d.isAlive()) {
                virqSink.raise(d.domid(), 0, virq.code, at);
                return;
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Creation

    /**
     * {@code domain_create}: a new domain, paused (controller pause count 1), with its shared_info frame allocated
     * from the Xen heap and its vCPUs offline. The caller has already checked the id and the parameters.
     *
     * <p>A hook that fails (a subsystem refusing the domain's parameters, as {@code grant_table_init} refuses grant
     * version 0) undoes the creation: that hook and the earlier ones are told the domain is destroyed, the scheduler
     * forgets it, its shared_info frame returns to the pool, and its id is free again.
     *
     * @return the domain, or {@code null}: then {@link #lastCreateError()} says why ({@code -ENOMEM} if the machine
     *     has no frame left for shared_info, or the failing hook's errno)
     */
    public Domain create(
            int domid,
            boolean privileged,
            boolean hardware,
            int maxVcpus,
            byte[] handle,
            int maxEvtchnPort,
            int maxGrantFrames,
            int maxMaptrackFrames,
            int maxGrantVersion,
            long at) {
        Domain d = new Domain(domid, privileged, hardware, maxVcpus, handle, at);
        d.setSubsystemLimits(maxEvtchnPort, maxGrantFrames, maxMaptrackFrames, maxGrantVersion);
        long sharedInfo = refs.allocate(d, 0, true);
        if (sharedInfo < 0) {
            lastCreateError = Errno.ENOMEM.neg();
            return null;
        }
        d.setSharedInfoMfn(sharedInfo);
        // what Xen's domain builders do (xg_dom_x86.c, dom0_build.c): every vCPU starts with events masked
        for (int i = 0; i < SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS; i++) {
            refs.memory()
                    .write8(
                            sharedInfo,
                            SharedInfoDescriptor.vcpuInfoOffset(i) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET,
                            1);
        }
        d.setControllerPauseCount(1);
        d.setPauseCount(1);
        domains.add(d);
        sched.domainCreated(d, at);
        for (int i = 0; i < hooks.size(); i++) {
            int rc = hooks.get(i).domainCreated(d, at);
            if (rc != 0) {
                failCreation(d, i, at);
                lastCreateError = rc;
                return null;
            }
        }
        journal.lifecycle(at, LifecycleEvent.DOMAIN_CREATED, domid, maxVcpus);
        return d;
    }

    /** Why the last {@link #create} returned {@code null}: a negative errno. */
    public int lastCreateError() {
        return lastCreateError;
    }

    /** {@code domain_create}'s error path: hooks 0 to {@code failed} tear down, then the domain is gone. */
    private void failCreation(Domain d, int failed, long at) {
        for (int j = failed; j >= 0; j--) {
            hooks.get(j).domainDestroyed(d, at);
        }
        sched.domainDestroyed(d, at);
        domains.remove(d);
        d.setDying(Domain.Dying.DOMDYING_dead);
        refs.putAllocRef(d.sharedInfoMfn());
        refs.freeXenHeap(d.sharedInfoMfn());
    }

    // -------------------------------------------------------------------------------------------------------------
    // Pause

    /**
     * {@code domain_pause}: an internal, synchronous pause: when it returns no vCPU of {@code d} is running, and none
     * runs until the matching unpause.
     */
    public void pause(Domain d, long at) {
        d.setPauseCount(d.pauseCount() + 1);
        for (int i = 0; i < d.maxVcpus(); i++) {
            sched.sleepSync(d.vcpu(i), at);
        }
    }

    /** {@code domain_unpause}. */
    public void unpause(Domain d, long at) {
        d.setPauseCount(d.pauseCount() - 1);
        if (d.pauseCount() == 0) {
            for (int i = 0; i < d.maxVcpus(); i++) {
                sched.wake(d.vcpu(i), at);
            }
        }
    }

    /**
     * {@code domain_pause_by_systemcontroller}.
     *
     * @return 0, or {@code -EOVERFLOW} past {@link #MAX_CONTROLLER_PAUSE_COUNT}
     */
    public int pauseByController(Domain d, long at) {
        int next = d.controllerPauseCount() + 1;
        if (next > MAX_CONTROLLER_PAUSE_COUNT) {
            return Errno.EOVERFLOW.neg();
        }
        d.setControllerPauseCount(next);
        pause(d, at);
        journal.lifecycle(at, LifecycleEvent.DOMAIN_PAUSED, d.domid(), next);
        return 0;
    }

    /**
     * {@code domain_unpause_by_systemcontroller}; the first unpause to 0 finishes creation.
     *
     * @return 0, or {@code -EINVAL} if the controller pause count is already 0
     */
    public int unpauseByController(Domain d, long at) {
        int next = d.controllerPauseCount() - 1;
        if (next < 0) {
            return Errno.EINVAL.neg();
        }
        d.setControllerPauseCount(next);
        if (next == 0 && !d.isCreationFinished()) {
            d.setCreationFinished(true);
        }
        journal.lifecycle(at, LifecycleEvent.DOMAIN_UNPAUSED, d.domid(), next);
        unpause(d, at);
        return 0;
    }

    /** {@code vcpu_pause_nosync}. */
    public void pauseVcpu(Vcpu v, long at) {
        v.setPauseCount(v.pauseCount() + 1);
        sched.sleep(v, at);
    }

    /** {@code vcpu_unpause}. */
    public void unpauseVcpu(Vcpu v, long at) {
        v.setPauseCount(v.pauseCount() - 1);
        if (v.pauseCount() == 0) {
            sched.wake(v, at);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Shutdown

    /**
     * {@code domain_shutdown}: latches {@code reason} if no reason is latched yet, pauses every vCPU for the
     * shutdown, and completes it. For the hardware domain the host halts.
     */
    public void shutdown(Domain d, int reason, long at) {
        if (d.shutdownCode() == ShutdownReason.SHUTDOWN_CODE_INVALID) {
            d.setShutdownCode(reason & 0xFF);
        }
        int code = d.shutdownCode();
        if (d.isHardwareDomain()) {
            journal.lifecycle(at, LifecycleEvent.HOST_HALT, d.domid(), code);
            hostHalt.halt(code, at);
        }
        if (d.isShuttingDown()) {
            return;
        }
        d.setShuttingDown(true);
        journal.lifecycle(at, LifecycleEvent.DOMAIN_SHUTDOWN, d.domid(), code);
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            pauseVcpu(v, at);
            v.setPausedForShutdown(true);
        }
        finaliseShutdown(d, at);
    }

    /** {@code domain_crash}: shutdown with {@code SHUTDOWN_crash}. */
    public void crash(Domain d, long at) {
        shutdown(d, ShutdownReason.SHUTDOWN_crash.code, at);
    }

    /** {@code SCHEDOP_shutdown_code}: latches a reason for a later shutdown, if none is latched. */
    public void setShutdownCode(Domain d, int reason) {
        if (d.shutdownCode() == ShutdownReason.SHUTDOWN_CODE_INVALID) {
            d.setShutdownCode(reason & 0xFF);
        }
    }

    private void finaliseShutdown(Domain d, long at) {
        if (d.isShutDown()) {
            return;
        }
        for (int i = 0; i < d.maxVcpus(); i++) {
            if (!d.vcpu(i).isPausedForShutdown()) {
                return;
            }
        }
        d.setShutDown(true);
        journal.lifecycle(at, LifecycleEvent.DOMAIN_SHUTDOWN_COMPLETE, d.domid(), d.shutdownCode());
        sendGlobalVirq(Virq.VIRQ_DOM_EXC, at);
    }

    /** {@code domain_resume}: clears the shutdown state and lets the vCPUs run again. */
    public void resume(Domain d, long at) {
        pause(d, at);
        d.setShuttingDown(false);
        d.setShutDown(false);
        d.setShutdownCode(ShutdownReason.SHUTDOWN_CODE_INVALID);
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            if (v.isPausedForShutdown()) {
                unpauseVcpu(v, at);
            }
            v.setPausedForShutdown(false);
        }
        journal.lifecycle(at, LifecycleEvent.DOMAIN_RESUMED, d.domid(), 0);
        unpause(d, at);
    }

    // -------------------------------------------------------------------------------------------------------------
    // vCPUs

    /** Brings a vCPU online ({@code VCPUOP_up}, or a context set with {@code VGCF_online}). */
    public void vcpuUp(Vcpu v, long at) {
        if (v.setPauseFlag(Vcpu.VPF_down, false)) {
            journal.lifecycle(at, LifecycleEvent.VCPU_UP_DOWN, v.domain().domid(), (1 << 16) | v.vcpuId());
            sched.wake(v, at);
        }
    }

    /** Takes a vCPU offline ({@code VCPUOP_down}). */
    public void vcpuDown(Vcpu v, long at) {
        if (!v.setPauseFlag(Vcpu.VPF_down, true)) {
            journal.lifecycle(at, LifecycleEvent.VCPU_UP_DOWN, v.domain().domid(), v.vcpuId());
            sched.sleep(v, at);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Destruction

    /**
     * {@code domain_kill}: the domain becomes dying, its vCPUs stop, and every reference it holds is released;
     * then it is dead and {@code VIRQ_DOM_EXC} goes to dom0. Frames that no other domain references return to the
     * free pool at once.
     *
     * @return 0; killing a dead domain again does nothing
     */
    public int kill(Domain d, long at) {
        if (d.dying() != Domain.Dying.DOMDYING_alive) {
            return 0;
        }
        pause(d, at);
        d.setDying(Domain.Dying.DOMDYING_dying);
        journal.lifecycle(at, LifecycleEvent.DOMAIN_DYING, d.domid(), 0);
        long framesBefore = d.totPages() + d.xenheapPages();
        // evtchn_destroy, then the grant tables' and the domain's own resources
        for (int i = 0; i < hooks.size(); i++) {
            hooks.get(i).domainKilled(d, at);
        }
        relinquishResources(d);
        d.setDying(Domain.Dying.DOMDYING_dead);
        journal.lifecycle(at, LifecycleEvent.DOMAIN_DEAD, d.domid(), framesBefore - d.totPages() - d.xenheapPages());
        sendGlobalVirq(Virq.VIRQ_DOM_EXC, at);
        removeIfGone(d, at);
        return 0;
    }

    /** {@code domain_relinquish_resources} for a PV domain. */
    private void relinquishResources(Domain d) {
        // a dying domain's tables are torn down below; void every cached walk through them first
        refs.memory().invalidateTranslations();
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            if (v.guestTable() != Vcpu.NO_BASE) {
                long base = v.guestTable();
                v.setGuestTable(Vcpu.NO_BASE);
                types.putPageAndType(base);
            }
            if (v.guestTableUser() != Vcpu.NO_BASE) {
                long base = v.guestTableUser();
                v.setGuestTableUser(Vcpu.NO_BASE);
                types.putPageAndType(base);
            }
        }
        int n = frames.nrFrames();
        int domid = d.domid();
        for (long mfn = 0; mfn < n; mfn++) {
            if (frames.owner(mfn) == domid && frames.isPinned(mfn)) {
                frames.setPinned(mfn, false);
                types.putPageAndType(mfn);
            }
        }
        // Break the references page tables hold, top level first (relinquish_memory for L4, L3, L2).
        for (int level = 4; level >= 1; level--) {
            for (long mfn = 0; mfn < n; mfn++) {
                if (frames.owner(mfn) == domid
                        && frames.type(mfn).isPageTable()
                        && frames.type(mfn).level() == level) {
                    types.forceDevalidate(mfn);
                }
            }
        }
        for (long mfn = 0; mfn < n; mfn++) {
            if (frames.owner(mfn) == domid) {
                refs.putAllocRef(mfn);
            }
        }
    }

    private void frameReleased(Domain d) {
        if (d.dying() == Domain.Dying.DOMDYING_dead) {
            removeIfGone(d, clock.getAsLong());
        }
    }

    private void removeIfGone(Domain d, long at) {
        if (d.dying() == Domain.Dying.DOMDYING_dead
                && d.totPages() == 0
                && d.xenheapPages() == 0
                && domains.get(d.domid()) == d) {
            for (int i = 0; i < hooks.size(); i++) {
                hooks.get(i).domainDestroyed(d, at);
            }
            sched.domainDestroyed(d, at);
            domains.remove(d);
            // arch_domain_destroy -> free_shared_info: Xen gives back the frame it shared
            refs.freeXenHeap(d.sharedInfoMfn());
        }
    }
}
