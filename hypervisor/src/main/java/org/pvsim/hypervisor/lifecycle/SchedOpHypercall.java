package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedPinOverrideDescriptor;
import org.pvsim.hypervisor.abi.SchedPollDescriptor;
import org.pvsim.hypervisor.abi.SchedRemoteShutdownDescriptor;
import org.pvsim.hypervisor.abi.SchedShutdownDescriptor;
import org.pvsim.hypervisor.abi.SchedWatchdogDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.sched.VcpuBlocking;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_sched_op(cmd, arg)} ({@code do_sched_op}, {@code xen/common/sched/core.c}):
 *
 * <ul>
 *   <li>{@code SCHEDOP_yield}: gives up the rest of the timeslice.
 *   <li>{@code SCHEDOP_block}: {@code vcpu_block_enable_events} ({@link VcpuBlocking#blockEnableEvents}): unmasks
 *       upcalls, blocks, and unblocks at once if an upcall is waiting. A VIRQ on the vCPU (its timers') wakes it.
 *   <li>{@code SCHEDOP_shutdown}: {@code sched_shutdown{reason}}; shuts the caller's domain down ({@code -EFAULT}
 *       for a bad pointer).
 *   <li>{@code SCHEDOP_poll}: {@code sched_poll{ports, nr_ports, timeout}} ({@link VcpuBlocking#poll}): {@code
 *       -EFAULT}, {@code -EINVAL} beyond 128 ports or for a port that is not an allocated event channel; otherwise
 *       blocks until an event or the timeout.
 *   <li>{@code SCHEDOP_remote_shutdown}: {@code sched_remote_shutdown{domain_id, reason}}; {@code -ESRCH} for an
 *       unknown domain, {@code -EPERM} without privilege over it.
 *   <li>{@code SCHEDOP_shutdown_code}: latches a reason for a later shutdown if none is latched.
 *   <li>{@code SCHEDOP_watchdog}: {@code sched_watchdog{id, timeout}} ({@link DomainWatchdogs#watchdog}): creates,
 *       re-arms or destroys one of the domain's two watchdogs.
 *   <li>{@code SCHEDOP_pin_override}: {@code sched_pin_override{pcpu}}, the hardware domain only ({@code -EPERM}):
 *       pins the calling vCPU to a pCPU for a while, or undoes it ({@code vcpu_temporary_affinity}).
 * </ul>
 * An unknown command is {@code -ENOSYS}.
 */
public final class SchedOpHypercall implements CoreHypercall {
    /** {@code NR_CPUS}: the most pCPUs Xen is built for ({@code CONFIG_NR_CPUS}, 256 by default on x86). */
    public static final int NR_CPUS = 256;

    private final DomainLifecycle lifecycle;
    private final SchedulerCore sched;
    private final DomainTable domains;
    private final VcpuBlocking blocking;
    private final DomainWatchdogs watchdogs;
    private final byte[] buf = new byte[SchedPollDescriptor.SIZE];

    public SchedOpHypercall(
            DomainLifecycle lifecycle,
            SchedulerCore sched,
            DomainTable domains,
            VcpuBlocking blocking,
            DomainWatchdogs watchdogs) {
        this.lifecycle = lifecycle;
        this.sched = sched;
        this.domains = domains;
        this.blocking = blocking;
        this.watchdogs = watchdogs;
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
                blocking.blockEnableEvents(f.vcpu(), f.now());
                return 0;
            case SCHEDOP_poll:
                if (f.copyFromGuest(arg, buf, 0, SchedPollDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                return blocking.poll(
                        f,
                        LittleEndian.getI64(buf, SchedPollDescriptor.PORTS_OFFSET),
                        LittleEndian.getU32(buf, SchedPollDescriptor.NR_PORTS_OFFSET),
                        LittleEndian.getI64(buf, SchedPollDescriptor.TIMEOUT_OFFSET));
            case SCHEDOP_watchdog:
                if (f.copyFromGuest(arg, buf, 0, SchedWatchdogDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                return watchdogs.watchdog(
                        f.domain(),
                        LittleEndian.getU32(buf, SchedWatchdogDescriptor.ID_OFFSET),
                        LittleEndian.getU32(buf, SchedWatchdogDescriptor.TIMEOUT_OFFSET),
                        f.now());
            case SCHEDOP_pin_override:
                return pinOverride(f, arg);
            default:
                return Errno.ENOSYS.neg();
        }
    }

    /**
     * {@code SCHEDOP_pin_override}: checks in Xen's order (the hardware domain, {@code -EPERM}; the argument, {@code
     * -EFAULT}; {@code pcpu >= NR_CPUS}, {@code -EINVAL}), then {@code vcpu_temporary_affinity} with the one reason
     * pvsim has, {@code VCPU_AFFINITY_OVERRIDE}: a negative {@code pcpu} restores the saved hard affinity ({@code
     * -EINVAL} if there is no override); another pins the vCPU to that pCPU, saving its hard affinity ({@code -EBUSY}
     * if an override is in force, {@code -EINVAL} if the pCPU is not online). The policy moves the vCPU if it runs
     * where its new hard affinity does not allow.
     */
    private long pinOverride(HypercallFrame f, long arg) {
        if (!f.domain().isHardwareDomain()) {
            return Errno.EPERM.neg();
        }
        if (f.copyFromGuest(arg, buf, 0, SchedPinOverrideDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        int pcpu = LittleEndian.getI32(buf, SchedPinOverrideDescriptor.PCPU_OFFSET);
        if (pcpu >= NR_CPUS) {
            return Errno.EINVAL.neg();
        }
        Vcpu v = f.vcpu();
        CpuMask saved = v.hardAffinitySaved();
        if (pcpu < 0) {
            if (saved == null) {
                return Errno.EINVAL.neg();
            }
            v.setHardAffinitySaved(null);
            return sched.setAffinity(v, saved, null, f.now());
        }
        if (saved != null) {
            return Errno.EBUSY.neg();
        }
        if (pcpu >= sched.nrPcpus()) {
            return Errno.EINVAL.neg();
        }
        v.setHardAffinitySaved(CpuMask.copyOf(v.hardAffinity()));
        return sched.setAffinity(v, CpuMask.of(pcpu), null, f.now());
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
