package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedRemoteShutdownDescriptor;
import org.pvsim.hypervisor.abi.SchedShutdownDescriptor;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_sched_op(cmd, arg)} ({@code do_sched_op}, {@code xen/common/sched/core.c}):
 *
 * <ul>
 *   <li>{@code SCHEDOP_yield}: gives up the rest of the timeslice.
 *   <li>{@code SCHEDOP_shutdown}: {@code sched_shutdown{reason}}; shuts the caller's domain down ({@code -EFAULT}
 *       for a bad pointer).
 *   <li>{@code SCHEDOP_shutdown_code}: latches a reason for a later shutdown if none is latched.
 *   <li>{@code SCHEDOP_remote_shutdown}: {@code sched_remote_shutdown{domain_id, reason}}; {@code -ESRCH} for an
 *       unknown domain, {@code -EPERM} without privilege over it.
 * </ul>
 * <ul>
 *   <li>{@code SCHEDOP_block}: {@code vcpu_block_enable_events} — clears the vCPU's {@code evtchn_upcall_mask}, sets
 *       {@code _VPF_blocked}, then checks for an event to deliver ({@code evtchn_upcall_pending} with the mask clear)
 *       and, if there is one, unblocks at once: the check after blocking closes the wake-up-waiting race. Until
 *       timers and event channels exist nothing sets {@code evtchn_upcall_pending}, so a blocked vCPU stays blocked.
 * </ul>
 * {@code SCHEDOP_poll}, {@code SCHEDOP_watchdog} and {@code SCHEDOP_pin_override} come with timers and event
 * channels and answer {@code -ENOSYS} until then, as an unknown command does.
 */
public final class SchedOpHypercall implements CoreHypercall {
    private final DomainLifecycle lifecycle;
    private final SchedulerCore sched;
    private final DomainTable domains;
    private final MachineMemory memory;
    private final byte[] buf = new byte[SchedRemoteShutdownDescriptor.SIZE];

    public SchedOpHypercall(DomainLifecycle lifecycle, SchedulerCore sched, DomainTable domains, MachineMemory memory) {
        this.lifecycle = lifecycle;
        this.sched = sched;
        this.domains = domains;
        this.memory = memory;
    }

    @Override
    public long invoke(HypercallFrame f, long cmd, long arg, long a3, long a4, long a5) {
        // do_sched_op(int cmd, ...): the command is the low 32 bits of its register
        SchedOp op = SchedOp.ofCode((int) cmd);
        if (op == null) {
            return Errno.ENOSYS.neg();
        }
        switch (op) {
            case SCHEDOP_yield:
                sched.yield(f.vcpu(), f.now());
                return 0;
            case SCHEDOP_shutdown:
                if (f.copyFromGuest(arg, buf, 0, SchedShutdownDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                lifecycle.shutdown(f.domain(), reason(SchedShutdownDescriptor.REASON_OFFSET), f.now());
                return 0;
            case SCHEDOP_shutdown_code:
                if (f.copyFromGuest(arg, buf, 0, SchedShutdownDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                lifecycle.setShutdownCode(f.domain(), reason(SchedShutdownDescriptor.REASON_OFFSET));
                return 0;
            case SCHEDOP_remote_shutdown:
                return remoteShutdown(f, arg);
            case SCHEDOP_block:
                block(f.vcpu(), f.now());
                return 0;
            default:
                return Errno.ENOSYS.neg();
        }
    }

    /** {@code vcpu_block_enable_events}. */
    private void block(Vcpu v, long now) {
        long sharedInfo = v.domain().sharedInfoMfn();
        int info = v.vcpuId() < SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS
                ? SharedInfoDescriptor.vcpuInfoOffset(v.vcpuId())
                : -1;
        if (info >= 0) {
            memory.write8(sharedInfo, info + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 0);
        }
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        boolean pending =
                info >= 0 && memory.read8(sharedInfo, info + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET) != 0;
        if (pending) {
            v.setPauseFlag(Vcpu.VPF_blocked, false);
        } else {
            sched.block(v, now);
        }
    }

    private int reason(int offset) {
        return (int) (LittleEndian.getU32(buf, offset) & 0xFF);
    }

    private int remoteShutdown(HypercallFrame f, long arg) {
        if (f.copyFromGuest(arg, buf, 0, SchedRemoteShutdownDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        Domain d = domains.get(LittleEndian.getU16(buf, SchedRemoteShutdownDescriptor.DOMAIN_ID_OFFSET));
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        int rc = DummyXsm.dmPriv(f.domain(), d.domid());
        if (rc != 0) {
            return rc;
        }
        lifecycle.shutdown(d, reason(SchedRemoteShutdownDescriptor.REASON_OFFSET), f.now());
        return 0;
    }
}
