package org.pvsim.evtchn;

import org.pvsim.evtchn.ring.PcpuKickRings;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.FrameMemory;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * What the ABIs call to raise upcalls, wake pollers and report to the journal: {@code vcpu_mark_events_pending} and
 * {@code vcpu_kick} ({@code xen/arch/x86/domain.c}, {@code xen/common/domain.c}), {@code evtchn_check_pollers}, and the
 * EVTCHN journal outputs for pending changes.
 *
 * <p>{@link #markEventsPending}: test-and-set {@code evtchn_upcall_pending} in the vCPU's {@code vcpu_info}; if it was
 * already set there is nothing to do (the guest has not yet taken the previous upcall). Otherwise: report {@code
 * UPCALL_PENDING}, wake the vCPU if it is blocked, and if it is running, publish a kick to its pCPU's ring and interrupt
 * that pCPU (the event-check IPI), which then delivers the upcall at its scheduling point. As in Xen's {@code
 * vcpu_kick}, whether the vCPU runs is read before it is woken.
 *
 * <p>vCPUs from {@link SharedInfoDescriptor#XEN_LEGACY_MAX_VCPUS} on have no {@code vcpu_info} (pvsim has no {@code
 * VCPUOP_register_vcpu_info}); nothing is marked for them. Allocates nothing.
 */
public final class EvtchnUpcalls implements EvtchnHostServices {
    private final SubsystemHost host;
    private final PcpuKickRings kicks;
    private long kicksRequested;

    /** Services over {@code host}, kicking running vCPUs through {@code kicks}. */
    public EvtchnUpcalls(SubsystemHost host, PcpuKickRings kicks) {
        this.host = host;
        this.kicks = kicks;
    }

    @Override
    public void markEventsPending(EvtchnDomain d, int vcpu, long now) {
        if (vcpu < 0 || vcpu >= SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS) {
            return;
        }
        FrameMemory m = d.memory();
        int off = SharedInfoDescriptor.vcpuInfoOffset(vcpu) + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET;
        if (m.read8(d.sharedInfoMfn(), off) != 0) {
            return;
        }
        m.write8(d.sharedInfoMfn(), off, 1);
        int domid = d.domid();
        host.journal().evtchn(EvtchnEvent.UPCALL_PENDING, domid, vcpu, -1, 0);
        int pcpu = host.domains().runningOn(domid, vcpu);
        host.vcpus().unblock(domid, vcpu, now);
        if (pcpu >= 0) {
            kicksRequested++;
            kicks.kick(pcpu, domid, vcpu);
            host.vcpus().interruptPcpu(pcpu);
        }
    }

    /** Kicks asked for so far: each was published to a ring or dropped because the ring was full. */
    public long kicksRequested() {
        return kicksRequested;
    }

    @Override
    public void checkPollers(EvtchnDomain d, int port, long now) {
        host.vcpus().checkPollers(d.domid(), port, now);
    }

    @Override
    public void pendingSet(EvtchnDomain d, int vcpu, int port, boolean newlyPending) {
        host.journal().evtchn(EvtchnEvent.SET_PENDING, d.domid(), vcpu, port, newlyPending ? 1 : 0);
    }

    @Override
    public void pendingCleared(EvtchnDomain d, int port) {
        host.journal().evtchn(EvtchnEvent.CLEAR_PENDING, d.domid(), -1, port, 0);
    }

    @Override
    public void unmaskRedelivered(EvtchnDomain d, int vcpu, int port) {
        host.journal().evtchn(EvtchnEvent.UNMASK_REDELIVER, d.domid(), vcpu, port, 0);
    }
}
