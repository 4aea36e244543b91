package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** {@code SCHEDOP_block} as {@code vcpu_block_enable_events}: unmask, block, then re-check for a pending event. */
class SchedOpBlockTest {
    private final TestHost host = TestHost.boot();
    private final TestGuest guest = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);

    private int infoOffset(int field) {
        return SharedInfoDescriptor.vcpuInfoOffset(0) + field;
    }

    @Test
    void blockWithNothingPendingBlocksTheVcpuAndClearsTheUpcallMask() {
        long si = guest.domain.sharedInfoMfn();
        host.hv.machine().memory().write8(si, infoOffset(VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET), 1);
        host.runOn(0, guest.vcpu());
        assertThat(guest.call(Hypercall.sched_op, SchedOp.SCHEDOP_block.code, 0))
                .isZero();
        Vcpu v = guest.vcpu();
        assertThat(v.hasPauseFlag(Vcpu.VPF_blocked)).isTrue();
        assertThat(v.isRunnable()).isFalse();
        assertThat(host.hv.machine().memory().read8(si, infoOffset(VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET)))
                .isZero();
        // once the scheduler switches it out, it is accounted as blocked
        host.hv.schedule(0, host.hv.now(), new ScheduleDecision());
        assertThat(v.runstate()).isEqualTo(RunstateKind.RUNSTATE_blocked);
    }

    @Test
    void blockWithAnEventPendingReturnsAtOnceStillRunnable() {
        long si = guest.domain.sharedInfoMfn();
        host.hv.machine().memory().write8(si, infoOffset(VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET), 1);
        host.hv.machine().memory().write8(si, infoOffset(VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET), 1);
        assertThat(guest.call(Hypercall.sched_op, SchedOp.SCHEDOP_block.code, 0))
                .isZero();
        assertThat(guest.vcpu().hasPauseFlag(Vcpu.VPF_blocked)).isFalse();
        assertThat(guest.vcpu().isRunnable()).isTrue();
    }
}
