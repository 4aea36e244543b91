package org.pvsim.hypervisor.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuSetPeriodicTimerDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.VirqLog;

/**
 * The vCPU timers as {@code common/sched/core.c} and {@code common_vcpu_op} have them: {@code set_timer_op}, the
 * single-shot and periodic timers and their {@code VCPUOP_*} commands, {@code VIRQ_TIMER} at the exact nanosecond, a
 * blocked vCPU woken by it, and timers that go away with their domain.
 */
class VcpuTimersTest extends AuditedHostTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private VirqLog virqs;

    @Override
    protected int d1Vcpus() {
        return 2;
    }

    @BeforeEach
    void logVirqs() {
        virqs = VirqLog.install(host.hv);
    }

    private void advanceTo(long t) {
        host.hv.engine().runUntil(t, () -> false);
    }

    private long setTimerOp(TestGuest g, long timeout) {
        return g.call(Hypercall.set_timer_op, timeout, 0, 0, 0, 0);
    }

    private long block(TestGuest g) {
        return g.call(Hypercall.sched_op, SchedOp.SCHEDOP_block.code, 0);
    }

    private long vcpuOp(TestGuest g, VcpuOp op, int vcpu, long arg) {
        return g.call(Hypercall.vcpu_op, op.code, vcpu, arg);
    }

    private long periodicArg(TestGuest g, long periodNs) {
        byte[] b = new byte[VcpuSetPeriodicTimerDescriptor.SIZE];
        LittleEndian.putI64(b, VcpuSetPeriodicTimerDescriptor.PERIOD_NS_OFFSET, periodNs);
        return g.put(b);
    }

    private long singleshotArg(TestGuest g, long timeout, int flags) {
        byte[] b = new byte[VcpuSetSingleshotTimerDescriptor.SIZE];
        LittleEndian.putI64(b, VcpuSetSingleshotTimerDescriptor.TIMEOUT_ABS_NS_OFFSET, timeout);
        LittleEndian.putI32(b, VcpuSetSingleshotTimerDescriptor.FLAGS_OFFSET, flags);
        return g.put(b);
    }

    /** Runs d1v0 on pCPU 0, blocks it and switches it out: it waits for a timer. */
    private void blockD1OffCpu() {
        host.runOn(0, d1.vcpu());
        assertThat(block(d1)).isZero();
        host.hv.schedule(0, host.hv.now(), new ScheduleDecision());
        assertThat(d1.vcpu().isRunning()).isFalse();
        assertThat(d1.vcpu().runstate()).isEqualTo(RunstateKind.RUNSTATE_blocked);
    }

    private static List<Long> multiples(long step, long upTo) {
        List<Long> l = new ArrayList<>();
        for (long t = step; t <= upTo; t += step) {
            l.add(t);
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------------ set_timer_op

    @Test
    void setTimerOpWakesABlockedVcpuAtTheExactNanosecond() {
        advanceTo(5 * MS);
        long t = 5 * MS + 1_234_567;
        Vcpu v = d1.vcpu();
        assertThat(setTimerOp(d1, t)).isZero();
        blockD1OffCpu();

        advanceTo(t - 1);
        assertThat(v.hasPauseFlag(Vcpu.VPF_blocked)).isTrue();
        assertThat(virqs.timerTimes(1, 0)).isEmpty();

        advanceTo(t);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(t);
        assertThat(v.hasPauseFlag(Vcpu.VPF_blocked)).isFalse();
        assertThat(v.isRunnable()).isTrue();
        assertThat(v.runstate()).isEqualTo(RunstateKind.RUNSTATE_runnable);
        assertThat(v.runstateEntryTime()).isEqualTo(t);
    }

    @Test
    void setTimerOpZeroStopsTheSingleshotTimer() {
        assertThat(setTimerOp(d1, 3 * MS)).isZero();
        assertThat(d1.vcpu().singleshotTimer.isActive()).isTrue();
        assertThat(setTimerOp(d1, 0)).isZero();
        assertThat(d1.vcpu().singleshotTimer.isActive()).isFalse();
        blockD1OffCpu();
        advanceTo(SECOND);
        assertThat(virqs.timerTimes(1, 0)).isEmpty();
        assertThat(d1.vcpu().hasPauseFlag(Vcpu.VPF_blocked)).isTrue();
    }

    @Test
    void setTimerOpTakesATimeoutMoreThan2To50NsAheadOrNegativeFor100MsFromNow() {
        advanceTo(7 * MS);
        long now = host.hv.now();
        Vcpu v = d1.vcpu();

        assertThat(setTimerOp(d1, now + (1L << 50) - 1)).isZero();
        assertThat(v.singleshotTimer.expires()).isEqualTo(now + (1L << 50) - 1);

        assertThat(setTimerOp(d1, now + (1L << 50))).isZero();
        assertThat(v.singleshotTimer.expires()).isEqualTo(now + 100 * MS);

        assertThat(setTimerOp(d1, -1)).isZero();
        assertThat(v.singleshotTimer.expires()).isEqualTo(now + 100 * MS);

        assertThat(setTimerOp(d1, Long.MIN_VALUE)).isZero();
        assertThat(v.singleshotTimer.expires()).isEqualTo(now + 100 * MS);
        advanceTo(now + 100 * MS);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(now + 100 * MS);
    }

    @Test
    void setTimerOpInThePastFiresAtOnce() {
        advanceTo(7 * MS);
        assertThat(setTimerOp(d1, 1)).isZero();
        advanceTo(7 * MS);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(7 * MS);
    }

    // ------------------------------------------------------------------------------------------------ periodic

    @Test
    void aPvVcpuStartsWithA100HzTickWhileItRuns() {
        host.runOn(0, d1.vcpu());
        assertThat(d1.vcpu().periodicPeriod).isEqualTo(10 * MS);
        advanceTo(SECOND);
        assertThat(virqs.timerTimes(1, 0)).isEqualTo(multiples(10 * MS, SECOND));
    }

    @Test
    void aBlockedVcpuIsNotWokenByItsPeriodicTimerWhichStopsWhenItIsSwitchedOut() {
        blockD1OffCpu();
        assertThat(d1.vcpu().periodicTimer.isActive()).isFalse();
        advanceTo(SECOND);
        assertThat(virqs.timerTimes(1, 0)).isEmpty();
        assertThat(d1.vcpu().hasPauseFlag(Vcpu.VPF_blocked)).isTrue();
    }

    @Test
    void switchingInAfterAWholePeriodTicksAtOnceThenAPeriodLater() {
        assertThat(setTimerOp(d1, SECOND)).isZero();
        blockD1OffCpu();
        advanceTo(SECOND);
        host.runOn(0, d1.vcpu());
        // the single-shot tick woke it; the switch-in found a period missed and ticked again, once
        assertThat(virqs.timerTimes(1, 0)).containsExactly(SECOND, SECOND);
        assertThat(d1.vcpu().periodicTimer.expires()).isEqualTo(SECOND + 10 * MS);
    }

    @Test
    void setPeriodicTimerChangesTheTickAndStopEndsIt() {
        host.runOn(0, d1.vcpu());
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_periodic_timer, 0, periodicArg(d1, 2 * MS)))
                .isZero();
        advanceTo(100 * MS);
        assertThat(virqs.timerTimes(1, 0)).isEqualTo(multiples(2 * MS, 100 * MS));

        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_stop_periodic_timer, 0, 0)).isZero();
        assertThat(d1.vcpu().periodicPeriod).isZero();
        assertThat(d1.vcpu().periodicTimer.isActive()).isFalse();
        advanceTo(SECOND);
        assertThat(virqs.timerTimes(1, 0)).hasSize(50);
    }

    @Test
    void aNewPeriodTicksAtOnceIfAWholeOneHasPassedSinceTheLastTick() {
        host.runOn(0, d1.vcpu());
        advanceTo(25 * MS); // ticks at 10 and 20 ms
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_periodic_timer, 0, periodicArg(d1, 4 * MS)))
                .isZero();
        // 25 >= 20 + 4: a tick now, the next 4 ms later
        assertThat(virqs.timerTimes(1, 0)).containsExactly(10 * MS, 20 * MS, 25 * MS);
        assertThat(d1.vcpu().periodicTimer.expires()).isEqualTo(29 * MS);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999_999, -1, 1L << 62, Long.MIN_VALUE})
    void aPeriodBelowOneMillisecondOrAboveStimeDeltaMaxIsEinval(long period) {
        long arg = periodicArg(d1, period);
        assertThat(host.assertNoEffect(() -> vcpuOp(d1, VcpuOp.VCPUOP_set_periodic_timer, 0, arg)))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(d1.vcpu().periodicPeriod).isEqualTo(10 * MS);
    }

    @ParameterizedTest
    @ValueSource(longs = {1_000_000, (1L << 62) - 1})
    void theLimitsThemselvesAreAccepted(long period) {
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_periodic_timer, 0, periodicArg(d1, period)))
                .isZero();
        assertThat(d1.vcpu().periodicPeriod).isEqualTo(period);
    }

    @Test
    void setPeriodicTimerOnAnotherVcpuArmsItThoughItDoesNotRun() {
        // Xen's vcpu_set_periodic_timer arms the timer at once; only a context switch out stops it
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_periodic_timer, 1, periodicArg(d1, 5 * MS)))
                .isZero();
        advanceTo(10 * MS);
        assertThat(virqs.timerTimes(1, 1)).containsExactly(5 * MS, 10 * MS);
        assertThat(d1.domain.vcpu(1).isUp()).as("an offline vCPU stays offline").isFalse();
    }

    @Test
    void timerCommandsWithABadPointerAreEfault() {
        for (long bad : new long[] {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL}) {
            assertThat(host.assertNoEffect(() -> vcpuOp(d1, VcpuOp.VCPUOP_set_periodic_timer, 0, bad)))
                    .isEqualTo(Errno.EFAULT.neg());
            assertThat(host.assertNoEffect(() -> vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 0, bad)))
                    .isEqualTo(Errno.EFAULT.neg());
        }
    }

    // ------------------------------------------------------------------------------------------------ single-shot

    @Test
    void singleshotTimerFiresAtItsTimeoutAndStopCancelsIt() {
        long t = 3 * MS + 17;
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 0, singleshotArg(d1, t, 0)))
                .isZero();
        blockD1OffCpu();
        advanceTo(t);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(t);
        assertThat(d1.vcpu().isRunnable()).isTrue();

        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 0, singleshotArg(d1, 9 * MS, 0)))
                .isZero();
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_stop_singleshot_timer, 0, 0)).isZero();
        advanceTo(SECOND);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(t);
    }

    @Test
    void aPastSingleshotTimeoutRaisesVirqTimerAtOnceAndVcpuSshottmrFutureIsIgnored() {
        advanceTo(10 * MS);
        // Xen >= 4.18 ignores VCPU_SSHOTTMR_future: never -ETIME
        long arg = singleshotArg(d1, 5 * MS, VcpuSetSingleshotTimerDescriptor.VCPU_SSHOTTMR_future);
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 0, arg)).isZero();
        assertThat(virqs.timerTimes(1, 0)).containsExactly(10 * MS);
        assertThat(d1.vcpu().singleshotTimer.isActive()).isFalse();
    }

    @Test
    void aSingleshotTimeoutOfExactlyNowIsArmedAndFiresAtOnce() {
        advanceTo(10 * MS);
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 0, singleshotArg(d1, 10 * MS, 0)))
                .isZero();
        assertThat(virqs.timerTimes(1, 0)).isEmpty();
        advanceTo(10 * MS);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(10 * MS);
    }

    @Test
    void onlyTheCallingVcpuMaySetOrStopItsSingleshotTimerCheckedBeforeTheArgument() {
        assertThat(host.assertNoEffect(
                        () -> vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 1, GuestAddresses.UNMAPPED)))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(host.assertNoEffect(() -> vcpuOp(d1, VcpuOp.VCPUOP_stop_singleshot_timer, 1, 0)))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(vcpuOp(d1, VcpuOp.VCPUOP_set_singleshot_timer, 2, 0)).isEqualTo(Errno.ENOENT.neg());
    }

    // ------------------------------------------------------------------------------------------------ lifetime

    @Test
    void timersGoWithTheirDomainSoANewDomainMayReuseItsId() {
        assertThat(setTimerOp(d2, 50 * MS)).isZero();
        assertThat(vcpuOp(d2, VcpuOp.VCPUOP_set_periodic_timer, 0, periodicArg(d2, 3 * MS)))
                .isZero();
        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 2)))
                .isZero();
        assertThat(host.hv.domains().get(2)).isNull();

        TestGuest again = host.domU(2, 256);
        assertThat(again.vcpu().singleshotTimer.isActive()).isFalse();
        advanceTo(SECOND);
        assertThat(virqs.timerTimes(2, 0))
                .as("the old domain's timers are dead")
                .isEmpty();
        assertThat(setTimerOp(again, SECOND + MS)).isZero();
        advanceTo(SECOND + MS);
        assertThat(virqs.timerTimes(2, 0)).containsExactly(SECOND + MS);
    }
}
