package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuRunstateInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetPeriodicTimerDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.timer.VcpuTimers;

/**
 * {@code HYPERVISOR_vcpu_op(cmd, vcpuid, arg)} ({@code common_vcpu_op}, {@code xen/common/domain.c}) on one of the
 * caller's own vCPUs: {@code -ENOENT} for a vCPU id it does not have.
 *
 * <ul>
 *   <li>{@code VCPUOP_initialise}: loads a {@code vcpu_guest_context}; {@code -EEXIST} if already initialised.
 *   <li>{@code VCPUOP_up}: {@code -EINVAL} unless initialised; brings it online.
 *   <li>{@code VCPUOP_down}: takes it offline; the last online vCPU going down powers the domain off.
 *   <li>{@code VCPUOP_is_up}: 1 or 0.
 *   <li>{@code VCPUOP_get_runstate_info}: writes a {@code vcpu_runstate_info}.
 *   <li>{@code VCPUOP_set_periodic_timer}: {@code vcpu_set_periodic_timer{period_ns}}, any vCPU of the caller's:
 *       {@code -EFAULT}; {@code -EINVAL} below 1 ms or above {@code STIME_DELTA_MAX}; sets the period and re-arms.
 *   <li>{@code VCPUOP_stop_periodic_timer}: period 0, the tick stops.
 *   <li>{@code VCPUOP_set_singleshot_timer}: {@code vcpu_set_singleshot_timer{timeout_abs_ns, flags}}, only on the
 *       calling vCPU itself ({@code -EINVAL} otherwise, checked first); {@code -EFAULT}; a past timeout raises {@code
 *       VIRQ_TIMER} at once. {@code VCPU_SSHOTTMR_future} is ignored, as by Xen since 4.18: never {@code -ETIME}.
 *   <li>{@code VCPUOP_stop_singleshot_timer}: the calling vCPU only ({@code -EINVAL}).
 * </ul>
 * See {@link VcpuTimers}. Every other command answers {@code -ENOSYS} for now: {@code
 * register_runstate_memory_area}, {@code register_vcpu_info}, {@code send_nmi}, {@code get_physid} and the {@code
 * *_phys_area} registrations, all of which Xen implements.
 */
public final class VcpuOpHypercall implements CoreHypercall {
    private final DomainLifecycle lifecycle;
    private final VcpuContextLoader contexts;
    private final VcpuTimers timers;
    private final byte[] context = new byte[VcpuGuestContextDescriptor.SIZE];
    private final byte[] runstate = new byte[VcpuRunstateInfoDescriptor.SIZE];
    private final byte[] timer = new byte[VcpuSetSingleshotTimerDescriptor.SIZE];

    public VcpuOpHypercall(DomainLifecycle lifecycle, VcpuContextLoader contexts, VcpuTimers timers) {
        this.lifecycle = lifecycle;
        this.contexts = contexts;
        this.timers = timers;
    }

    @Override
    public long invoke(HypercallFrame f, long cmd, long vcpuid, long arg, long a4, long a5) {
        Domain d = f.domain();
        Vcpu v = d.vcpu(vcpuid & 0xFFFF_FFFFL);
        if (v == null) {
            return Errno.ENOENT.neg();
        }
        // do_vcpu_op(int cmd, unsigned int vcpuid, ...): each is the low 32 bits of its register
        VcpuOp op = VcpuOp.ofCode((int) cmd);
        if (op == null) {
            return Errno.ENOSYS.neg();
        }
        switch (op) {
            case VCPUOP_initialise:
                if (f.copyFromGuest(arg, context, 0, context.length) != 0) {
                    return Errno.EFAULT.neg();
                }
                return v.isInitialised() ? Errno.EEXIST.neg() : contexts.load(v, context, f.now());
            case VCPUOP_up:
                if (!v.isInitialised()) {
                    return Errno.EINVAL.neg();
                }
                lifecycle.vcpuUp(v, f.now());
                return 0;
            case VCPUOP_down:
                return down(d, v, f.now());
            case VCPUOP_is_up:
                return v.isUp() ? 1 : 0;
            case VCPUOP_get_runstate_info:
                return runstateInfo(f, v, arg);
            case VCPUOP_set_periodic_timer:
                return setPeriodicTimer(f, v, arg);
            case VCPUOP_stop_periodic_timer:
                timers.setPeriodic(v, 0, f.now());
                return 0;
            case VCPUOP_set_singleshot_timer:
                if (v != f.vcpu()) {
                    return Errno.EINVAL.neg();
                }
                if (f.copyFromGuest(arg, timer, 0, VcpuSetSingleshotTimerDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                timers.setSingleshot(
                        v, LittleEndian.getI64(timer, VcpuSetSingleshotTimerDescriptor.TIMEOUT_ABS_NS_OFFSET), f.now());
                return 0;
            case VCPUOP_stop_singleshot_timer:
                if (v != f.vcpu()) {
                    return Errno.EINVAL.neg();
                }
                timers.stopSingleshot(v);
                return 0;
            default:
                return Errno.ENOSYS.neg();
        }
    }

    private int down(Domain d, Vcpu v, long at) {
        for (int i = 0; i < d.maxVcpus(); i++) {
            if (i != v.vcpuId() && d.vcpu(i).isUp()) {
                lifecycle.vcpuDown(v, at);
                return 0;
            }
        }
        lifecycle.shutdown(d, ShutdownReason.SHUTDOWN_poweroff.code, at);
        return 0;
    }

    private int setPeriodicTimer(HypercallFrame f, Vcpu v, long arg) {
        if (f.copyFromGuest(arg, timer, 0, VcpuSetPeriodicTimerDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        long period = LittleEndian.getI64(timer, VcpuSetPeriodicTimerDescriptor.PERIOD_NS_OFFSET);
        if (!VcpuSetPeriodicTimerDescriptor.isValidPeriod(period)) {
            return Errno.EINVAL.neg();
        }
        timers.setPeriodic(v, period, f.now());
        return 0;
    }

    private int runstateInfo(HypercallFrame f, Vcpu v, long arg) {
        long now = f.now();
        LittleEndian.putI32(runstate, VcpuRunstateInfoDescriptor.STATE_OFFSET, v.runstate().code);
        LittleEndian.putI32(runstate, VcpuRunstateInfoDescriptor.STATE_OFFSET + 4, 0);
        LittleEndian.putI64(runstate, VcpuRunstateInfoDescriptor.STATE_ENTRY_TIME_OFFSET, v.runstateEntryTime());
        for (RunstateKind k : RunstateKind.values()) {
            LittleEndian.putI64(runstate, VcpuRunstateInfoDescriptor.TIME_OFFSET + 8 * k.code, v.runstateTime(k, now));
        }
        return f.copyToGuest(arg, runstate, 0, runstate.length) == 0 ? 0 : Errno.EFAULT.neg();
    }
}
