package org.pvsim.guest.hypercall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedPinOverrideDescriptor;
import org.pvsim.hypervisor.abi.SchedPollDescriptor;
import org.pvsim.hypervisor.abi.SchedWatchdogDescriptor;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuSetPeriodicTimerDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;

/**
 * The timer and {@code sched_op} wrappers put Xen's structures in guest memory at the address they pass, with the
 * command and vCPU in the registers Xen reads them from. A fake CPU stands in for the hypervisor, so these tests do
 * not depend on the hypervisor's handlers.
 */
class TimerAndSchedOpWrappersTest {
    private static final long VA = new ArgumentArea(FakeGuestCpu.BASE).callVa();

    /** What the fake Xen read at the argument pointer when the call was made. */
    private final byte[] seen = new byte[64];

    private FakeGuestCpu cpuCopying(int bytes, long answer) {
        return new FakeGuestCpu(1, (cpu, nr, a1, a2, a3, a4, a5) -> {
            long arg = nr == Hypercall.vcpu_op.number ? a3 : a2;
            if (arg != 0) {
                cpu.read(arg, seen, 0, bytes);
            }
            return answer;
        });
    }

    @Test
    void setPeriodicTimerPassesThePeriodInAVcpuSetPeriodicTimer() {
        FakeGuestCpu cpu = cpuCopying(VcpuSetPeriodicTimerDescriptor.SIZE, 0);

        long rc = cpu.hypercalls().setPeriodicTimer(3, 2_500_000);

        assertThat(rc).isZero();
        assertThat(cpu.lastCall())
                .isEqualTo(new FakeGuestCpu.Call(
                        Hypercall.vcpu_op.number, VcpuOp.VCPUOP_set_periodic_timer.code, 3, VA, 0, 0));
        assertThat(LittleEndian.getI64(seen, VcpuSetPeriodicTimerDescriptor.PERIOD_NS_OFFSET))
                .isEqualTo(2_500_000);
    }

    @Test
    void stopTimersPassNoArgument() {
        FakeGuestCpu cpu = cpuCopying(0, 0);
        Hypercalls hc = cpu.hypercalls();

        hc.stopPeriodicTimer(2);
        assertThat(cpu.lastCall())
                .isEqualTo(new FakeGuestCpu.Call(
                        Hypercall.vcpu_op.number, VcpuOp.VCPUOP_stop_periodic_timer.code, 2, 0, 0, 0));
        hc.stopSingleshotTimer(1);
        assertThat(cpu.lastCall())
                .isEqualTo(new FakeGuestCpu.Call(
                        Hypercall.vcpu_op.number, VcpuOp.VCPUOP_stop_singleshot_timer.code, 1, 0, 0, 0));
    }

    @Test
    void setSingleshotTimerPassesTheAbsoluteTimeoutAndFlagsWithZeroPadding() {
        FakeGuestCpu cpu = cpuCopying(VcpuSetSingleshotTimerDescriptor.SIZE, 0);
        Hypercalls hc = cpu.hypercalls();
        // leave ones in the wrappers' marshalling buffer: the padding must still reach Xen as zeros
        hc.memoryReservation(MemoryOp.XENMEM_decrease_reservation, new long[] {-1L, -1L}, 2, 0, DomId.DOMID_SELF);

        hc.setSingleshotTimer(1, 123_456_789L, VcpuSetSingleshotTimerDescriptor.VCPU_SSHOTTMR_future);

        assertThat(cpu.lastCall())
                .isEqualTo(new FakeGuestCpu.Call(
                        Hypercall.vcpu_op.number, VcpuOp.VCPUOP_set_singleshot_timer.code, 1, VA, 0, 0));
        assertThat(le64(VcpuSetSingleshotTimerDescriptor.TIMEOUT_ABS_NS_OFFSET)).isEqualTo(123_456_789L);
        assertThat(le32(VcpuSetSingleshotTimerDescriptor.FLAGS_OFFSET)).isEqualTo(1);
        assertThat(le32(VcpuSetSingleshotTimerDescriptor.FLAGS_OFFSET + 4))
                .as("tail padding")
                .isZero();
    }

    @Test
    void setTimerOpPassesTheTimeoutInTheFirstRegister() {
        FakeGuestCpu cpu = cpuCopying(0, 0);

        cpu.hypercalls().setTimerOp(42_000_000L);

        assertThat(cpu.lastCall()).isEqualTo(new FakeGuestCpu.Call(15, 42_000_000L, 0, 0, 0, 0));
    }

    @Test
    void pollPassesASchedPollPointingAtThePortArray() {
        int[] portsSeen = new int[3];
        long[] fields = new long[3];
        FakeGuestCpu cpu = new FakeGuestCpu(0, (c, nr, a1, a2, a3, a4, a5) -> {
            assertThat(nr).isEqualTo(Hypercall.sched_op.number);
            assertThat(a1).isEqualTo(SchedOp.SCHEDOP_poll.code);
            fields[0] = c.read64(a2 + SchedPollDescriptor.PORTS_OFFSET);
            fields[1] = c.read32(a2 + SchedPollDescriptor.NR_PORTS_OFFSET);
            fields[2] = c.read64(a2 + SchedPollDescriptor.TIMEOUT_OFFSET);
            for (int i = 0; i < fields[1]; i++) {
                portsSeen[i] = c.read32(fields[0] + (long) i * SchedPollDescriptor.PORT_SIZE);
            }
            return 0;
        });

        long rc = cpu.hypercalls().poll(new int[] {5, 9, 1023, 77}, 3, 7_000_000L);

        assertThat(rc).isZero();
        assertThat(fields[1]).isEqualTo(3);
        assertThat(fields[2]).isEqualTo(7_000_000L);
        assertThat(portsSeen).containsExactly(5, 9, 1023);
    }

    @Test
    void pollCanPassMoreThanXensLimitSoThatXenRefusesIt() {
        FakeGuestCpu cpu =
                cpuCopying(0, Errno.EINVAL.neg()); // the fake refuses as Xen would; the wrapper passed it through
        int n = SchedPollDescriptor.MAX_NR_PORTS + 1;

        assertThat(cpu.hypercalls().poll(new int[n], n, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThatThrownBy(() -> cpu.hypercalls().poll(new int[2], 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poll of 3 ports");
        int tooMany = Hypercalls.POLL_PORTS_CAPACITY + 1;
        assertThatThrownBy(() -> cpu.hypercalls().poll(new int[tooMany], tooMany, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(the call page)");
    }

    @Test
    void watchdogAndPinOverridePassTheirStructures() {
        FakeGuestCpu cpu = cpuCopying(8, 1);
        Hypercalls hc = cpu.hypercalls();

        assertThat(hc.watchdog(0, 30)).isEqualTo(1);
        assertThat(cpu.lastCall())
                .isEqualTo(
                        new FakeGuestCpu.Call(Hypercall.sched_op.number, SchedOp.SCHEDOP_watchdog.code, VA, 0, 0, 0));
        assertThat(le32(SchedWatchdogDescriptor.ID_OFFSET)).isZero();
        assertThat(le32(SchedWatchdogDescriptor.TIMEOUT_OFFSET)).isEqualTo(30);

        hc.pinOverride(-1);
        assertThat(cpu.lastCall())
                .isEqualTo(new FakeGuestCpu.Call(
                        Hypercall.sched_op.number, SchedOp.SCHEDOP_pin_override.code, VA, 0, 0, 0));
        assertThat(le32(SchedPinOverrideDescriptor.PCPU_OFFSET)).isEqualTo(-1);
    }

    private long le64(int off) {
        return LittleEndian.getI64(seen, off);
    }

    private int le32(int off) {
        return LittleEndian.getI32(seen, off);
    }
}
