package org.pvsim.hypervisor.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuTimeInfoDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * {@code vcpu_time_info} as {@code update_vcpu_system_time} keeps it: refreshed at switch-in, version odd during an
 * update and even after, the 1 GHz scale {@code 0x80000000 >> 32 << 1}, and a guest computing the time from the
 * fields gets the virtual time.
 */
class VcpuSystemTimeTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int TIME = SharedInfoDescriptor.vcpuInfoOffset(0) + VcpuInfoDescriptor.TIME_OFFSET;

    /** The fields as a guest reads them. */
    private record TimeInfo(int version, long tscTimestamp, long systemTime, int mul, int shift, int flags) {
        static TimeInfo read(MachineMemory m, long mfn, int at) {
            byte[] b = new byte[VcpuTimeInfoDescriptor.SIZE];
            m.read(mfn, at, b, 0, b.length);
            return new TimeInfo(
                    LittleEndian.getI32(b, VcpuTimeInfoDescriptor.VERSION_OFFSET),
                    LittleEndian.getI64(b, VcpuTimeInfoDescriptor.TSC_TIMESTAMP_OFFSET),
                    LittleEndian.getI64(b, VcpuTimeInfoDescriptor.SYSTEM_TIME_OFFSET),
                    LittleEndian.getI32(b, VcpuTimeInfoDescriptor.TSC_TO_SYSTEM_MUL_OFFSET),
                    b[VcpuTimeInfoDescriptor.TSC_SHIFT_OFFSET],
                    b[VcpuTimeInfoDescriptor.FLAGS_OFFSET] & 0xFF);
        }

        /** Linux's {@code pvclock_clocksource_read}, on unbounded integers. */
        long nowAt(long tsc) {
            BigInteger delta = BigInteger.valueOf(tsc - tscTimestamp);
            delta = shift >= 0 ? delta.shiftLeft(shift) : delta.shiftRight(-shift);
            BigInteger scaled =
                    delta.multiply(BigInteger.valueOf(mul & 0xFFFF_FFFFL)).shiftRight(32);
            return BigInteger.valueOf(systemTime).add(scaled).longValueExact();
        }
    }

    // ---------------------------------------------------------------------------- on a host, at context switches

    private final TestHost host = TestHost.boot();
    private final TestGuest guest = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);

    private TimeInfo guestTimeInfo() {
        return TimeInfo.read(host.hv.machine().memory(), guest.domain.sharedInfoMfn(), TIME);
    }

    private void switchOutAndBackInAt(long t) {
        host.hv.engine().runUntil(t, () -> false);
        host.hv.schedule(0, t, new ScheduleDecision()); // the next vCPU in the queue, or idle
        host.runOn(0, guest.vcpu());
    }

    @Test
    void aSwitchInPublishesThe1GhzScaleWithAnEvenVersion() {
        assertThat(guestTimeInfo().version()).as("never written before it runs").isZero();
        host.runOn(0, guest.vcpu());
        TimeInfo t = guestTimeInfo();
        assertThat(t.version()).isEqualTo(2);
        assertThat(t.mul()).isEqualTo(0x8000_0000);
        assertThat(t.shift()).isEqualTo(1);
        assertThat(t.flags()).isZero();
        assertThat(t.tscTimestamp()).isZero();
        assertThat(t.systemTime()).isZero();
    }

    @Test
    void aGuestComputingTheTimeFromTheFieldsGetsTheVirtualTime() {
        long t1 = SECOND + SECOND / 2 + 123;
        host.runOn(0, guest.vcpu());
        switchOutAndBackInAt(t1);
        TimeInfo t = guestTimeInfo();
        assertThat(VcpuTimeInfoDescriptor.isUpdateInProgress(t.version())).isFalse();
        assertThat(t.systemTime()).as("the stamp of the last calibration").isEqualTo(SECOND);
        // the values docs/hypercalls.md shows
        assertThat(t).isEqualTo(new TimeInfo(4, SECOND, SECOND, 0x8000_0000, 1, 0));
        for (long tsc : new long[] {t1, t1 + 7, 2 * SECOND + 999, 10 * SECOND, 1L << 40}) {
            assertThat(t.nowAt(tsc)).as("time at tsc %d", tsc).isEqualTo(tsc);
        }
    }

    @Test
    void theVersionMovesOnlyWhenTheStampDoes() {
        host.runOn(0, guest.vcpu());
        switchOutAndBackInAt(SECOND / 2);
        assertThat(guestTimeInfo().version()).as("same epoch: nothing to write").isEqualTo(2);
        switchOutAndBackInAt(SECOND + 1);
        assertThat(guestTimeInfo().version()).isEqualTo(4);
        assertThat(guestTimeInfo().systemTime()).isEqualTo(SECOND);
        assertThat(host.hv.vcpuTimers().systemTime().updates()).isPositive();
    }

    // ---------------------------------------------------------------------------- the writer on its own

    private final MachineMemory memory = new MachineMemory(4);

    private Domain domain(int vcpus) {
        Domain d = new Domain(5, false, false, vcpus, new byte[16], 0);
        d.setSharedInfoMfn(2);
        return d;
    }

    @Test
    void clocksourceTscSetsTheStableBit() {
        Domain d = domain(1);
        new VcpuSystemTime(memory, XenCommandLine.parse("clocksource=tsc")).update(d.vcpu(0), 42);
        assertThat(TimeInfo.read(memory, 2, TIME).flags()).isEqualTo(VcpuTimeInfoDescriptor.XEN_PVCLOCK_TSC_STABLE_BIT);
    }

    @Test
    void anUnknownClocksourceIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new VcpuSystemTime(memory, XenCommandLine.parse("clocksource=jiffies")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clocksource=jiffies");
    }

    @Test
    void aForcedUpdateWritesANewVersionEvenWhenNothingChanged() {
        Domain d = domain(1);
        VcpuSystemTime w = new VcpuSystemTime(memory, XenCommandLine.EMPTY);
        w.update(d.vcpu(0), 5);
        w.update(d.vcpu(0), 6);
        assertThat(TimeInfo.read(memory, 2, TIME).version()).isEqualTo(2);
        w.forceUpdate(d.vcpu(0), 6);
        assertThat(TimeInfo.read(memory, 2, TIME).version()).isEqualTo(4);
        assertThat(w.updates()).isEqualTo(2);
    }

    @Test
    void aGuestScribbleIsRepairedAndAnOddVersionItWroteGoesToTheNextEvenOne() {
        Domain d = domain(1);
        VcpuSystemTime w = new VcpuSystemTime(memory, XenCommandLine.EMPTY);
        w.update(d.vcpu(0), 5);
        memory.write8(2, TIME + VcpuTimeInfoDescriptor.PAD0_OFFSET, 0xFF);
        byte[] odd = new byte[4];
        LittleEndian.putI32(odd, 0, 5);
        memory.write(2, TIME + VcpuTimeInfoDescriptor.VERSION_OFFSET, odd, 0, 4);
        w.update(d.vcpu(0), 5);
        assertThat(memory.read8(2, TIME + VcpuTimeInfoDescriptor.PAD0_OFFSET)).isZero();
        // version_update_begin(5) = 7, version_update_end(7) = 8
        assertThat(TimeInfo.read(memory, 2, TIME).version()).isEqualTo(8);
    }

    @Test
    void aVcpuWithNoVcpuInfoInTheSharedInfoPageIsLeftAlone() {
        Domain d = domain(SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS + 1);
        new VcpuSystemTime(memory, XenCommandLine.EMPTY)
                .forceUpdate(d.vcpu(SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS), 9);
        assertThat(memory.isZero(2)).isTrue();
    }

    @Test
    void scaleDeltaIsXensNinetySixBitProduct() {
        long seed = Long.getLong("pvsim.seed", 20261122L);
        SplittableRandom r = new SplittableRandom(seed);
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < 20_000; i++) {
            long delta = r.nextLong();
            int mul = r.nextInt();
            int shift = r.nextInt(-8, 9);
            BigInteger d = new BigInteger(Long.toUnsignedString(delta));
            d = shift >= 0 ? d.shiftLeft(shift).mod(two64) : d.shiftRight(-shift);
            long expected = d.multiply(BigInteger.valueOf(mul & 0xFFFF_FFFFL))
                    .shiftRight(32)
                    .mod(two64)
                    .longValue();
            assertThat(VcpuSystemTime.scaleDelta(delta, mul, shift))
                    .as("seed %d (-Dpvsim.seed=%d): delta %x mul %x shift %d", seed, seed, delta, mul, shift)
                    .isEqualTo(expected);
        }
        assertThat(VcpuSystemTime.scaleDelta(123_456_789, VcpuSystemTime.TSC_TO_SYSTEM_MUL, VcpuSystemTime.TSC_SHIFT))
                .isEqualTo(123_456_789);
    }
}
