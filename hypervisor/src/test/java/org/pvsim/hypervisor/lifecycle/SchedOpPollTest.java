package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedPollDescriptor;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.VirqLog;

/**
 * {@code SCHEDOP_poll} as {@code do_poll}: Xen's order of checks, no port usable before event channels exist, the
 * timeout waking the vCPU at its exact time, and any wake-up ending the poll.
 */
class SchedOpPollTest extends AuditedHostTest {
    private static final long MS = 1_000_000L;

    private VirqLog virqs;

    @BeforeEach
    void logVirqs() {
        virqs = VirqLog.install(host.hv);
    }

    private long pollArg(long ports, long nrPorts, long timeout) {
        byte[] b = new byte[SchedPollDescriptor.SIZE];
        LittleEndian.putI64(b, SchedPollDescriptor.PORTS_OFFSET, ports);
        LittleEndian.putI32(b, SchedPollDescriptor.NR_PORTS_OFFSET, (int) nrPorts);
        LittleEndian.putI64(b, SchedPollDescriptor.TIMEOUT_OFFSET, timeout);
        return d1.put(b);
    }

    private long ports(int... ports) {
        byte[] b = new byte[Math.max(4, 4 * ports.length)];
        for (int i = 0; i < ports.length; i++) {
            LittleEndian.putI32(b, 4 * i, ports[i]);
        }
        return d1.put(b);
    }

    private long poll(long arg) {
        return d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_poll.code, arg);
    }

    private void advanceTo(long t) {
        host.hv.engine().runUntil(t, () -> false);
    }

    private Vcpu v() {
        return d1.vcpu();
    }

    private void assertNotPolling() {
        assertThat(v().hasPauseFlag(Vcpu.VPF_blocked)).isFalse();
        assertThat(v().inPollMask).isFalse();
        assertThat(v().pollEvtchn).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {129, 1000, 0xFFFF_FFFFL})
    void moreThan128PortsIsEinvalBeforeThePortsAreLookedAt(long nr) {
        long arg = pollArg(GuestAddresses.NON_CANONICAL, nr, 5 * MS);
        assertThat(host.assertNoEffect(() -> poll(arg))).isEqualTo(Errno.EINVAL.neg());
        assertNotPolling();
    }

    @Test
    void aBadStructPointerIsEfault() {
        assertThat(host.assertNoEffect(() -> poll(GuestAddresses.UNMAPPED))).isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void aPortArrayTheGuestMayNotNameIsEfaultBeforeBlocking() {
        long arg = pollArg(GuestAddresses.XEN_RANGE, 1, 0);
        assertThat(host.assertNoEffect(() -> poll(arg))).isEqualTo(Errno.EFAULT.neg());
        assertNotPolling();
    }

    @Test
    void anUnreadablePortIsEfaultAndThePollEnds() {
        long arg = pollArg(GuestAddresses.UNMAPPED, 2, 0);
        assertThat(poll(arg)).isEqualTo(Errno.EFAULT.neg());
        assertNotPolling();
        assertThat(v().isRunnable()).isTrue();
    }

    @Test
    void withoutEventChannelsNoPortIsUsableSoEveryPortIsEinval() {
        for (int port : new int[] {0, 1, 1023, 4096, -1}) {
            long arg = pollArg(ports(port), 1, 5 * MS);
            assertThat(poll(arg)).as("port %d", port).isEqualTo(Errno.EINVAL.neg());
            assertNotPolling();
            assertThat(v().pollTimer.isActive()).isFalse();
        }
    }

    @Test
    void aPollWithNoPortsSleepsUntilItsTimeoutExactly() {
        long timeout = 3 * MS + 5;
        assertThat(poll(pollArg(0, 0, timeout))).isZero();
        assertThat(v().hasPauseFlag(Vcpu.VPF_blocked)).isTrue();
        assertThat(v().inPollMask).isTrue();
        assertThat(v().pollEvtchn).isEqualTo(-1);
        advanceTo(timeout - 1);
        assertThat(v().isRunnable()).isFalse();
        advanceTo(timeout);
        assertNotPolling();
        assertThat(v().isRunnable()).isTrue();
        assertThat(virqs.all()).as("a timeout is no event").isEmpty();
    }

    @Test
    void aPollWithNoTimeoutWaitsForAVirqWhichEndsThePoll() {
        assertThat(d1.call(Hypercall.set_timer_op, 4 * MS, 0, 0, 0, 0)).isZero();
        assertThat(poll(pollArg(0, 0, 0))).isZero();
        assertThat(v().pollTimer.isActive()).isFalse();
        advanceTo(4 * MS);
        assertThat(virqs.timerTimes(1, 0)).containsExactly(4 * MS);
        assertNotPolling();
        assertThat(v().isRunnable()).isTrue();
    }

    @Test
    void aTimeoutAfterTheVcpuWasWokenChangesNothing() {
        assertThat(d1.call(Hypercall.set_timer_op, 2 * MS, 0, 0, 0, 0)).isZero();
        assertThat(poll(pollArg(0, 0, 6 * MS))).isZero();
        advanceTo(2 * MS);
        assertNotPolling();
        assertThat(d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_block.code, 0)).isZero();
        advanceTo(6 * MS);
        assertThat(v().hasPauseFlag(Vcpu.VPF_blocked))
                .as("the stale poll timeout fired, but the vCPU no longer polls")
                .isTrue();
    }

    @Test
    void aWaitingUpcallReturnsAtOnceWithoutBlocking() {
        int info = SharedInfoDescriptor.vcpuInfoOffset(0);
        // a domain starts with events masked, as Xen's builders leave it; the guest enables them
        host.hv
                .machine()
                .memory()
                .write8(d1.domain.sharedInfoMfn(), info + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 0);
        host.hv
                .machine()
                .memory()
                .write8(d1.domain.sharedInfoMfn(), info + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 1);
        // checked before the ports: an invalid port does not matter
        assertThat(poll(pollArg(ports(5), 1, 0))).isZero();
        assertNotPolling();
        // a masked upcall is not waiting for delivery
        host.hv
                .machine()
                .memory()
                .write8(d1.domain.sharedInfoMfn(), info + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 1);
        assertThat(poll(pollArg(ports(5), 1, 0))).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void withAnEventChannelSubsystemAPendingPortReturnsAndAnIdleOneIsWaitedOn() {
        host.hv.vcpuBlocking().setPortPoll((domid, port) -> port == 7 ? 1 : port < 100 ? 0 : Errno.EINVAL.neg());
        assertThat(poll(pollArg(ports(3, 7), 2, 0))).isZero();
        assertNotPolling();
        assertThat(poll(pollArg(ports(3, 200), 2, 0))).isEqualTo(Errno.EINVAL.neg());
        assertNotPolling();

        assertThat(poll(pollArg(ports(3), 1, 0))).isZero();
        assertThat(v().pollEvtchn).as("a single port is remembered").isEqualTo(3);
        assertThat(v().hasPauseFlag(Vcpu.VPF_blocked)).isTrue();
        host.hv.vcpuBlocking().unblock(v(), host.hv.now());
        assertNotPolling();

        assertThat(poll(pollArg(ports(3, 4), 2, 0))).isZero();
        assertThat(v().pollEvtchn).isEqualTo(-1);
    }
}
