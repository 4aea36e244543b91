package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The numbers and value rules of the scheduling and timer ABI: timers ({@code vcpu.h}, {@code set_timer_op}),
 * {@code sched_op} arguments ({@code sched.h}), and the scheduling domctls and sysctls ({@code domctl.h}, {@code
 * sysctl.h}), checked against the values compiled from Xen's headers at the commit pvsim follows.
 */
class SchedulingAbiRulesTest {

    @Test
    void commandNumbersAreThoseOfTheHeaders() {
        assertThat(Hypercall.set_timer_op.number).isEqualTo(15);
        assertThat(VcpuOp.VCPUOP_set_periodic_timer.code).isEqualTo(6);
        assertThat(VcpuOp.VCPUOP_stop_periodic_timer.code).isEqualTo(7);
        assertThat(VcpuOp.VCPUOP_set_singleshot_timer.code).isEqualTo(8);
        assertThat(VcpuOp.VCPUOP_stop_singleshot_timer.code).isEqualTo(9);
        assertThat(SchedOp.SCHEDOP_poll.code).isEqualTo(3);
        assertThat(SchedOp.SCHEDOP_watchdog.code).isEqualTo(6);
        assertThat(SchedOp.SCHEDOP_pin_override.code).isEqualTo(7);
        assertThat(DomctlCmd.XEN_DOMCTL_setvcpuaffinity.code).isEqualTo(9);
        assertThat(DomctlCmd.XEN_DOMCTL_getvcpuinfo.code).isEqualTo(14);
        assertThat(DomctlCmd.XEN_DOMCTL_scheduler_op.code).isEqualTo(16);
        assertThat(DomctlCmd.XEN_DOMCTL_getvcpuaffinity.code).isEqualTo(25);
        assertThat(SysctlCmd.XEN_SYSCTL_sched_id.code).isEqualTo(4);
        assertThat(SysctlCmd.XEN_SYSCTL_scheduler_op.code).isEqualTo(19);
    }

    @Test
    void flagAndCommandConstantsAreThoseOfTheHeaders() {
        assertThat(VcpuSetSingleshotTimerDescriptor.VCPU_SSHOTTMR_future).isEqualTo(1);
        assertThat(DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD).isEqualTo(1);
        assertThat(DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT).isEqualTo(2);
        assertThat(DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_FORCE).isEqualTo(4);
        assertThat(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo).isZero();
        assertThat(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo).isEqualTo(1);
        assertThat(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putvcpuinfo).isEqualTo(2);
        assertThat(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo).isEqualTo(3);
        assertThat(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra).isEqualTo(1);
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_putinfo).isZero();
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_getinfo).isEqualTo(1);
    }

    @Test
    void sysctlSchedulerLimitsAreThoseOfTheHeader() {
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHED_RATELIMIT_MIN).isEqualTo(100);
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHED_RATELIMIT_MAX).isEqualTo(500_000);
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_TSLICE_MIN).isEqualTo(1);
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_TSLICE_MAX).isEqualTo(1000);
        assertThat(SysctlSchedulerOpDescriptor.XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US).isEqualTo(100_000);
    }

    @Test
    void periodicTimerAcceptsOneMillisecondUpToStimeDeltaMax() {
        assertThat(VcpuSetPeriodicTimerDescriptor.isValidPeriod(999_999)).isFalse();
        assertThat(VcpuSetPeriodicTimerDescriptor.isValidPeriod(1_000_000)).isTrue();
        assertThat(VcpuSetPeriodicTimerDescriptor.isValidPeriod(VcpuSetPeriodicTimerDescriptor.PV_DEFAULT_PERIOD_NS))
                .isTrue();
        assertThat(VcpuSetPeriodicTimerDescriptor.isValidPeriod(0x3FFF_FFFF_FFFF_FFFFL))
                .isTrue();
        assertThat(VcpuSetPeriodicTimerDescriptor.isValidPeriod(0x4000_0000_0000_0000L))
                .isFalse();
        // a "negative" period is a huge unsigned one
        assertThat(VcpuSetPeriodicTimerDescriptor.isValidPeriod(-1)).isFalse();
    }

    @Test
    void singleshotTimeoutInThePastIsComparedAsUnsigned() {
        assertThat(VcpuSetSingleshotTimerDescriptor.hasExpired(99, 100)).isTrue();
        assertThat(VcpuSetSingleshotTimerDescriptor.hasExpired(100, 100)).isFalse();
        assertThat(VcpuSetSingleshotTimerDescriptor.hasExpired(101, 100)).isFalse();
        // a "negative" timeout is far in the future, not in the past
        assertThat(VcpuSetSingleshotTimerDescriptor.hasExpired(-1, 100)).isFalse();
    }

    @Test
    void pollTakesAtMost128PortsCountedAsUnsigned() {
        assertThat(SchedPollDescriptor.isValidNrPorts(0)).isTrue();
        assertThat(SchedPollDescriptor.isValidNrPorts(128)).isTrue();
        assertThat(SchedPollDescriptor.isValidNrPorts(129)).isFalse();
        assertThat(SchedPollDescriptor.isValidNrPorts(0xFFFF_FFFFL)).isFalse();
        assertThat(SchedPollDescriptor.isValidNrPorts(0x1_0000_0000L))
                .as("only the low 32 bits are the unsigned int field")
                .isTrue();
    }

    @Test
    void vcpuAffinityNeedsAFlagAndABitmapForEachMapItNames() {
        int hard = DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD;
        int soft = DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT;
        int force = DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_FORCE;

        assertThat(DomctlVcpuAffinityDescriptor.isValidRequest(0, 0x1000, 0x2000))
                .isFalse();
        assertThat(DomctlVcpuAffinityDescriptor.isValidRequest(hard, 0x1000, 0)).isTrue();
        assertThat(DomctlVcpuAffinityDescriptor.isValidRequest(hard, 0, 0x2000)).isFalse();
        assertThat(DomctlVcpuAffinityDescriptor.isValidRequest(soft, 0, 0x2000)).isTrue();
        assertThat(DomctlVcpuAffinityDescriptor.isValidRequest(hard | soft, 0x1000, 0))
                .isFalse();
        assertThat(DomctlVcpuAffinityDescriptor.isValidRequest(force, 0, 0))
                .as("FORCE alone only undoes a pin override")
                .isTrue();
    }

    @Test
    void xenctlBitmapBytesRoundUp() {
        assertThat(XenctlBitmapDescriptor.bytesFor(0)).isZero();
        assertThat(XenctlBitmapDescriptor.bytesFor(1)).isEqualTo(1);
        assertThat(XenctlBitmapDescriptor.bytesFor(8)).isEqualTo(1);
        assertThat(XenctlBitmapDescriptor.bytesFor(9)).isEqualTo(2);
        assertThat(XenctlBitmapDescriptor.bytesFor(Integer.MAX_VALUE)).isEqualTo(1 << 28);
        assertThatThrownBy(() -> XenctlBitmapDescriptor.bytesFor(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xenctl_bitmap.nr_bits must be >= 0, got -1");
    }

    @Test
    void schedulerOpCommandsOutsideTheirSetsAreRefused() {
        assertThat(DomctlSchedulerOpDescriptor.isValidCmd(0)).isTrue();
        assertThat(DomctlSchedulerOpDescriptor.isValidCmd(3)).isTrue();
        assertThat(DomctlSchedulerOpDescriptor.isValidCmd(4)).isFalse();
        assertThat(DomctlSchedulerOpDescriptor.isValidCmd(-1)).isFalse();
        assertThat(SysctlSchedulerOpDescriptor.isValidCmd(1)).isTrue();
        assertThat(SysctlSchedulerOpDescriptor.isValidCmd(2)).isFalse();
    }

    @Test
    void domctlAndSysctlUnionsHoldTheSchedulingStructures() {
        assertThat(DomctlDescriptor.U_SCHEDULER_OP_OFFSET + DomctlSchedulerOpDescriptor.SIZE)
                .isLessThanOrEqualTo(DomctlDescriptor.SIZE);
        assertThat(DomctlDescriptor.U_VCPUAFFINITY_OFFSET + DomctlVcpuAffinityDescriptor.SIZE)
                .isLessThanOrEqualTo(DomctlDescriptor.SIZE);
        assertThat(SysctlDescriptor.U_SCHEDULER_OP_OFFSET + SysctlSchedulerOpDescriptor.SIZE)
                .isLessThanOrEqualTo(SysctlDescriptor.SIZE);
        assertThat(DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_OFFSET - DomctlVcpuAffinityDescriptor.CPUMAP_HARD_OFFSET)
                .isEqualTo(XenctlBitmapDescriptor.SIZE);
    }
}
