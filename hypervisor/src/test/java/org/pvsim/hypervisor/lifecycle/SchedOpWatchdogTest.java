package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedWatchdogDescriptor;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code SCHEDOP_watchdog} as {@code domain_watchdog}: two watchdogs per domain, ids 1 and 2, {@code -ENOSPC} for a
 * third, {@code -EINVAL} for a bad id; re-arming postpones the expiry, a 0 timeout destroys; an expiry shuts the
 * domain down with {@code SHUTDOWN_watchdog} at the exact second.
 */
class SchedOpWatchdogTest extends AuditedHostTest {
    private static final long SECOND = 1_000_000_000L;

    private static long watchdog(TestGuest g, long id, long timeout) {
        byte[] b = new byte[SchedWatchdogDescriptor.SIZE];
        LittleEndian.putI32(b, SchedWatchdogDescriptor.ID_OFFSET, (int) id);
        LittleEndian.putI32(b, SchedWatchdogDescriptor.TIMEOUT_OFFSET, (int) timeout);
        return g.call(Hypercall.sched_op, SchedOp.SCHEDOP_watchdog.code, g.put(b));
    }

    private void advanceTo(long t) {
        host.hv.engine().runUntil(t, () -> false);
    }

    @Test
    void aDomainGetsTwoWatchdogsAndAThirdIsEnospc() {
        assertThat(watchdog(d1, 0, 30)).isEqualTo(1);
        assertThat(watchdog(d1, 0, 30)).isEqualTo(2);
        assertThat(watchdog(d1, 0, 30)).isEqualTo(Errno.ENOSPC.neg());
        assertThat(d1.domain.watchdogInuseMap).isEqualTo(0b11);
        assertThat(watchdog(d2, 0, 30)).as("per domain").isEqualTo(1);
    }

    @Test
    void anIdBeyondTheTwoOrNotInUseIsEinval() {
        assertThat(watchdog(d1, 3, 10)).isEqualTo(Errno.EINVAL.neg());
        assertThat(watchdog(d1, 0xFFFF_FFFFL, 10)).isEqualTo(Errno.EINVAL.neg());
        assertThat(watchdog(d1, 1, 10)).isEqualTo(Errno.EINVAL.neg());
        assertThat(watchdog(d1, 2, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(d1.domain.watchdogInuseMap).isZero();
    }

    @Test
    void aBadPointerIsEfault() {
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_watchdog.code, GuestAddresses.UNMAPPED)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void anExpiredWatchdogShutsTheDomainDownAtTheExactSecond() {
        advanceTo(SECOND / 4);
        assertThat(watchdog(d1, 0, 2)).isEqualTo(1);
        long expiry = SECOND / 4 + 2 * SECOND;
        advanceTo(expiry - 1);
        assertThat(d1.domain.isShuttingDown()).isFalse();
        advanceTo(expiry);
        assertThat(d1.domain.isShuttingDown()).isTrue();
        assertThat(d1.domain.isShutDown()).isTrue();
        assertThat(d1.domain.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_watchdog.code);
        assertThat(host.hv.console().text()).contains("Watchdog timer 0 fired for d1");
        assertThat(d2.domain.isShuttingDown()).isFalse();
    }

    @Test
    void reArmingPostponesTheExpiry() {
        assertThat(watchdog(d1, 0, 2)).isEqualTo(1);
        advanceTo(3 * SECOND / 2);
        assertThat(watchdog(d1, 1, 2)).isZero();
        advanceTo(3 * SECOND);
        assertThat(d1.domain.isShuttingDown()).isFalse();
        advanceTo(3 * SECOND + SECOND / 2);
        assertThat(d1.domain.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_watchdog.code);
    }

    @Test
    void aZeroTimeoutDestroysTheWatchdogAndFreesItsId() {
        assertThat(watchdog(d1, 0, 1)).isEqualTo(1);
        assertThat(watchdog(d1, 0, 1)).isEqualTo(2);
        assertThat(watchdog(d1, 1, 0)).isZero();
        assertThat(d1.domain.watchdogInuseMap).isEqualTo(0b10);
        assertThat(watchdog(d1, 2, 0)).isZero();
        advanceTo(5 * SECOND);
        assertThat(d1.domain.isShuttingDown()).isFalse();
        assertThat(watchdog(d1, 0, 1)).as("slot 0 is free again").isEqualTo(1);
    }

    @Test
    void aWatchdogCreatedWithTimeoutZeroFiresAtOnce() {
        assertThat(watchdog(d1, 0, 0)).isEqualTo(1);
        advanceTo(host.hv.now());
        assertThat(d1.domain.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_watchdog.code);
    }

    @Test
    void aWatchdogOfADomainAlreadyShuttingDownDoesNotChangeTheReason() {
        assertThat(watchdog(d1, 0, 1)).isEqualTo(1);
        byte[] reason = new byte[4];
        LittleEndian.putI32(reason, 0, ShutdownReason.SHUTDOWN_reboot.code);
        assertThat(d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_shutdown.code, d1.put(reason)))
                .isZero();
        advanceTo(2 * SECOND);
        assertThat(d1.domain.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_reboot.code);
        assertThat(host.hv.console().text()).doesNotContain("Watchdog timer");
    }

    @Test
    void watchdogsGoWithTheirDomain() {
        assertThat(watchdog(d2, 0, 1)).isEqualTo(1);
        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 2)))
                .isZero();
        TestGuest again = host.domU(2, 256);
        advanceTo(3 * SECOND);
        assertThat(again.domain.isShuttingDown()).isFalse();
        assertThat(watchdog(again, 0, 1)).isEqualTo(1);
    }
}
