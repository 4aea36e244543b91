package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedRemoteShutdownDescriptor;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code sched_op} ({@code do_sched_op}, {@code xen/common/sched/core.c}) and the shutdown it drives
 * ({@code domain_shutdown}, {@code xen/common/domain.c}).
 */
class SchedOpTest extends AuditedHostTest {

    @Override
    protected int d1Vcpus() {
        return 2;
    }

    private static long shutdown(TestGuest g, SchedOp op, int reason) {
        long arg = g.scratch(8);
        g.write32(arg, reason);
        return g.call(Hypercall.sched_op, op.code, arg);
    }

    private static long remoteShutdown(TestGuest g, int domid, int reason) {
        long arg = g.scratch(SchedRemoteShutdownDescriptor.SIZE);
        g.write16(arg + SchedRemoteShutdownDescriptor.DOMAIN_ID_OFFSET, domid);
        g.write32(arg + SchedRemoteShutdownDescriptor.REASON_OFFSET, reason);
        return g.call(Hypercall.sched_op, SchedOp.SCHEDOP_remote_shutdown.code, arg);
    }

    private static void assertShutDown(Domain d, ShutdownReason reason) {
        assertThat(d.isShutDown()).isTrue();
        assertThat(d.shutdownCode()).isEqualTo(reason.code);
        for (int i = 0; i < d.maxVcpus(); i++) {
            Vcpu v = d.vcpu(i);
            assertThat(v.isPausedForShutdown())
                    .as("%s paused for the shutdown", v)
                    .isTrue();
            assertThat(v.isRunnable()).as("%s runnable", v).isFalse();
        }
    }

    @Test
    void yieldSucceeds() {
        assertThat(d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_yield.code, 0)).isZero();
        assertThat(d1.domain.isShuttingDown()).isFalse();
    }

    @Test
    void shutdownLatchesTheReasonAndPausesEveryVcpu() {
        assertThat(shutdown(d1, SchedOp.SCHEDOP_shutdown, ShutdownReason.SHUTDOWN_reboot.code))
                .isZero();
        assertShutDown(d1.domain, ShutdownReason.SHUTDOWN_reboot);
        assertThat(d2.domain.isShuttingDown()).isFalse();
        assertThat(host.hv.isHalted()).isFalse();
    }

    @Test
    void shutdownReasonIsTruncatedToEightBits() {
        assertThat(shutdown(d1, SchedOp.SCHEDOP_shutdown, 0x100 | ShutdownReason.SHUTDOWN_crash.code))
                .isZero();
        assertShutDown(d1.domain, ShutdownReason.SHUTDOWN_crash);
    }

    @Test
    void aSecondShutdownKeepsTheFirstReason() {
        assertThat(shutdown(d1, SchedOp.SCHEDOP_shutdown, ShutdownReason.SHUTDOWN_reboot.code))
                .isZero();
        assertThat(remoteShutdown(dom0, 1, ShutdownReason.SHUTDOWN_crash.code)).isZero();
        assertShutDown(d1.domain, ShutdownReason.SHUTDOWN_reboot);
    }

    @Test
    void shutdownCodeLatchesOnlyTheFirstAndShutdownThenUsesIt() {
        assertThat(shutdown(d1, SchedOp.SCHEDOP_shutdown_code, ShutdownReason.SHUTDOWN_suspend.code))
                .isZero();
        assertThat(shutdown(d1, SchedOp.SCHEDOP_shutdown_code, ShutdownReason.SHUTDOWN_crash.code))
                .isZero();
        assertThat(d1.domain.isShuttingDown())
                .as("a code alone does not shut down")
                .isFalse();
        assertThat(d1.domain.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_suspend.code);

        assertThat(shutdown(d1, SchedOp.SCHEDOP_shutdown, ShutdownReason.SHUTDOWN_poweroff.code))
                .isZero();
        assertShutDown(d1.domain, ShutdownReason.SHUTDOWN_suspend);
    }

    @ParameterizedTest
    @EnumSource(
            value = SchedOp.class,
            names = {"SCHEDOP_shutdown", "SCHEDOP_shutdown_code", "SCHEDOP_remote_shutdown"})
    void badArgumentPointerIsEfault(SchedOp op) {
        for (long bad : new long[] {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL}) {
            assertThat(host.assertNoEffect(() -> d1.call(Hypercall.sched_op, op.code, bad)))
                    .isEqualTo(Errno.EFAULT.neg());
        }
    }

    @Test
    void remoteShutdownByTheControlDomainShutsTheTargetDown() {
        assertThat(remoteShutdown(dom0, 2, ShutdownReason.SHUTDOWN_poweroff.code))
                .isZero();
        assertShutDown(d2.domain, ShutdownReason.SHUTDOWN_poweroff);
        assertThat(d1.domain.isShuttingDown()).isFalse();
    }

    @Test
    void remoteShutdownOfAnUnknownDomainIsEsrch() {
        assertThat(remoteShutdown(dom0, 0x6000, 0)).isEqualTo(Errno.ESRCH.neg());
        assertThat(remoteShutdown(dom0, DomId.DOMID_SELF, 0))
                .as("DOMID_SELF is not looked up")
                .isEqualTo(Errno.ESRCH.neg());
        assertThat(remoteShutdown(d1, 0x6000, 0)).isEqualTo(Errno.ESRCH.neg());
    }

    @Test
    void remoteShutdownFromADomUIsEpermEvenOnItself() {
        assertThat(remoteShutdown(d1, 2, 0)).isEqualTo(Errno.EPERM.neg());
        assertThat(remoteShutdown(d1, 1, 0)).isEqualTo(Errno.EPERM.neg());
        assertThat(remoteShutdown(d1, 0, 0)).isEqualTo(Errno.EPERM.neg());
        assertThat(d2.domain.isShuttingDown()).isFalse();
        assertThat(d1.domain.isShuttingDown()).isFalse();
    }

    @Test
    void shutdownOfTheHardwareDomainHaltsTheHost() {
        assertThat(shutdown(dom0, SchedOp.SCHEDOP_shutdown, ShutdownReason.SHUTDOWN_reboot.code))
                .isZero();
        assertThat(host.hv.isHalted()).isTrue();
        assertThat(host.hv.haltReason()).isEqualTo(ShutdownReason.SHUTDOWN_reboot.code);
    }

    @ParameterizedTest
    @ValueSource(longs = {8, 100, 0xFFFF_FFFFL, -1})
    void unknownCommandIsEnosys(long cmd) {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.sched_op, cmd, 0)))
                .isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void commandIsTheLow32BitsOfItsRegister() {
        // do_sched_op(int cmd, ...): the upper half of RDI is not part of the command
        assertThat(d1.call(Hypercall.sched_op, (1L << 32) | SchedOp.SCHEDOP_yield.code, 0))
                .isZero();
        long arg = d1.scratch(8);
        d1.write32(arg, ShutdownReason.SHUTDOWN_reboot.code);
        assertThat(d1.call(Hypercall.sched_op, (7L << 32) | SchedOp.SCHEDOP_shutdown.code, arg))
                .isZero();
        assertShutDown(d1.domain, ShutdownReason.SHUTDOWN_reboot);
    }
}
