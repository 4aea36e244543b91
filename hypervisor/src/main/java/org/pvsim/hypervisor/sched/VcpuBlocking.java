package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SchedPollDescriptor;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.spi.EvtchnPortPoll;
import org.pvsim.hypervisor.time.HypervisorTimers;

/**
 * How a vCPU blocks and how it is woken, as {@code xen/common/sched/core.c} has it: {@code vcpu_block_enable_events}
 * ({@code SCHEDOP_block}), {@code do_poll} ({@code SCHEDOP_poll}), {@code vcpu_unblock} (what a VIRQ or an event on a
 * bound port does to a blocked vCPU) and {@code poll_timer_fn} (a poll's timeout).
 *
 * <p>Invariants: a vCPU is polling ({@link Vcpu#inPollMask}) only while it is blocked, except between a wake-up that
 * cleared {@code _VPF_blocked} and the one that clears the poll state, which happen in the same call here; {@link
 * Vcpu#pollEvtchn} is non-zero only while a poll is in progress. Blocking only sets {@code _VPF_blocked} and tells
 * the scheduler ({@link SchedulerCore#block}); the vCPU leaves its pCPU at the next {@code do_schedule}. Nothing here
 * allocates.
 */
public final class VcpuBlocking {
    private static final int PORT_SIZE = SchedPollDescriptor.PORT_SIZE;

    private final SchedulerCore sched;
    private final MachineMemory memory;
    private final HypervisorTimers timers;
    private final byte[] port = new byte[PORT_SIZE];
    private EvtchnPortPoll portPoll = EvtchnPortPoll.NO_PORTS;

    public VcpuBlocking(SchedulerCore sched, MachineMemory memory, HypervisorTimers timers) {
        this.sched = sched;
        this.memory = memory;
        this.timers = timers;
    }

    /** Installs the event-channel subsystem's answer to "is this port pending" ({@code evtchn_port_poll}). */
    public void setPortPoll(EvtchnPortPoll portPoll) {
        this.portPoll = portPoll;
    }

    /**
     * {@code local_events_need_delivery}: whether {@code v} has an upcall waiting, {@code evtchn_upcall_pending} set
     * and {@code evtchn_upcall_mask} clear in its {@code vcpu_info}. A vCPU with no {@code vcpu_info} in the
     * shared-info page (id 32 or more, no {@code VCPUOP_register_vcpu_info} in pvsim) has none.
     */
    public boolean localEventsNeedDelivery(Vcpu v) {
        int info = vcpuInfoOffset(v);
        if (info < 0) {
            return false;
        }
        long si = v.domain().sharedInfoMfn();
        return memory.read8(si, info + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET) != 0
                && memory.read8(si, info + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET) == 0;
    }

    private static int vcpuInfoOffset(Vcpu v) {
        return v.vcpuId() < SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS
                ? SharedInfoDescriptor.vcpuInfoOffset(v.vcpuId())
                : -1;
    }

    /**
     * Writes {@code v}'s {@code evtchn_upcall_mask}: 1 when Xen delivers an upcall ({@code create_bounce_frame}), 0
     * when {@code SCHEDOP_block} enables events. Nothing for a vCPU without a {@code vcpu_info} in shared_info.
     */
    public void setUpcallMask(Vcpu v, int mask) {
        int info = vcpuInfoOffset(v);
        if (info >= 0) {
            memory.write8(v.domain().sharedInfoMfn(), info + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, mask);
        }
    }

    /**
     * {@code vcpu_block_enable_events} ({@code SCHEDOP_block}): clears the vCPU's {@code evtchn_upcall_mask}, sets
     * {@code _VPF_blocked}, then checks for an event to deliver and, if there is one, unblocks at once: the check
     * after blocking closes the wake-up-waiting race.
     */
    public void blockEnableEvents(Vcpu v, long now) {
        setUpcallMask(v, 0);
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        if (localEventsNeedDelivery(v)) {
            v.setPauseFlag(Vcpu.VPF_blocked, false);
        } else {
            sched.block(v, now);
        }
    }

    /**
     * {@code do_poll} for the calling vCPU of {@code f}, with the fields of its {@code struct sched_poll}, checked in
     * Xen's order: more than {@link SchedPollDescriptor#MAX_NR_PORTS} ports, {@code -EINVAL}; a port array the guest may not name,
     * {@code -EFAULT}; then the vCPU is marked blocked and polling, and returns 0 at once, unblocked, if an upcall is
     * waiting; each port is read ({@code -EFAULT}) and asked about ({@link EvtchnPortPoll}): an error is returned and
     * a pending port returns 0, both unblocked; otherwise the vCPU stays blocked until an event, or until {@code
     * timeout} (absolute system time; 0 for none) when its poll timer wakes it.
     *
     * @param nrPorts {@code unsigned int nr_ports}, as read (0..2^32-1)
     * @param timeout {@code uint64_t timeout}; a value of 2^63 or more is a time in the past, as for Xen's {@code
     *     s_time_t}, and wakes the vCPU at once
     */
    public long poll(HypercallFrame f, long ports, long nrPorts, long timeout) {
        Vcpu v = f.vcpu();
        if (!SchedPollDescriptor.isValidNrPorts(nrPorts)) {
            return Errno.EINVAL.neg();
        }
        if (!f.handleOkay(ports, nrPorts * PORT_SIZE)) {
            return Errno.EFAULT.neg();
        }
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        v.pollEvtchn = -1;
        v.inPollMask = true;
        if (localEventsNeedDelivery(v)) {
            return endPoll(v, 0);
        }
        int last = 0;
        for (int i = 0; i < nrPorts; i++) {
            if (f.copyFromGuest(ports + (long) i * PORT_SIZE, port, 0, PORT_SIZE) != 0) {
                return endPoll(v, Errno.EFAULT.neg());
            }
            last = LittleEndian.getI32(port, 0);
            int rc = portPoll.poll(v.domain().domid(), last);
            if (rc != 0) {
                return endPoll(v, rc > 0 ? 0 : rc);
            }
        }
        if (nrPorts == 1) {
            v.pollEvtchn = last;
        }
        if (timeout != 0) {
            timers.set(v.pollTimer, timeout);
        }
        sched.block(v, f.now());
        return 0;
    }

    /** The {@code out:} path of {@code do_poll}: the poll is over before it blocked. */
    private static long endPoll(Vcpu v, long rc) {
        v.pollEvtchn = 0;
        v.inPollMask = false;
        v.setPauseFlag(Vcpu.VPF_blocked, false);
        return rc;
    }

    /**
     * {@code vcpu_unblock}: if {@code v} is blocked, it is not any more; a poll in progress ends ({@code poll_evtchn}
     * and the {@code poll_mask} bit cleared); and the scheduler is told ({@code vcpu_wake}). Nothing if it was not
     * blocked.
     */
    public void unblock(Vcpu v, long now) {
        if (!v.setPauseFlag(Vcpu.VPF_blocked, false)) {
            return;
        }
        if (v.pollEvtchn != 0) {
            v.pollEvtchn = 0;
            if (v.inPollMask) {
                v.inPollMask = false;
                v.setPauseFlag(Vcpu.VPF_blocked, false);
            }
        }
        sched.wake(v, now);
    }

    /**
     * {@code evtchn_check_pollers}: an event on {@code port} of {@code d} wakes each of its vCPUs that polls that port
     * alone, or several ports ({@code poll_evtchn} -1), clearing its {@code poll_mask} bit and {@code poll_evtchn}
     * first, in vCPU order as Xen walks {@code poll_mask}. Allocates nothing.
     */
    public void checkPollers(Domain d, int port, long now) {
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            if (v != null && v.inPollMask && (v.pollEvtchn <= 0 || v.pollEvtchn == port)) {
                v.inPollMask = false;
                v.pollEvtchn = 0;
                unblock(v, now);
            }
        }
    }

    /**
     * {@code poll_timer_fn}: a poll's timeout. Wakes {@code v} if it is still polling; a poll that already ended
     * (an event woke it) leaves nothing to do, though the timer still fires.
     */
    public void pollTimedOut(Vcpu v, long now) {
        if (v.inPollMask) {
            v.inPollMask = false;
            unblock(v, now);
        }
    }
}
