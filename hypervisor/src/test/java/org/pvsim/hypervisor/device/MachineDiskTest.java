package org.pvsim.hypervisor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.device.DiskSpec;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.abi.device.NicSpec;
import org.pvsim.hypervisor.testing.Seeds;

/** The disk controller: its protocol, its timing model, and what it refuses. */
class MachineDiskTest {
    private static final long CQ = 100; // frames used by the tests
    private static final long CMDS = 101;
    private static final long DATA = 110;

    private static DeviceBench bench(DiskSpec disk) {
        DeviceBench b = new DeviceBench(new MachineDevicesSpec(disk, NicSpec.DEFAULT));
        b.out(PORT_BASE + REG_CQ_BASE_LO, (int) DeviceBench.maddr(CQ, 0));
        b.out(PORT_BASE + REG_CQ_BASE_HI, 0);
        b.out(PORT_BASE + REG_CONTROL, CONTROL_ENABLE);
        return b;
    }

    /** Writes command {@code slot} (in frame CMDS) and submits it; segments are whole frames from DATA + first. */
    private static long submit(DeviceBench b, int slot, int op, long sector, int tag, long... frames) {
        long at = DeviceBench.maddr(CMDS, slot * 256);
        byte[] c = new byte[CMD_MAX_SIZE];
        c[CMD_OP_OFFSET] = (byte) op;
        c[CMD_NR_SEGMENTS_OFFSET] = (byte) frames.length;
        LittleEndian.putU16(c, CMD_TAG_OFFSET, tag);
        LittleEndian.putI32(c, CMD_STATUS_OFFSET, STATUS_PENDING);
        LittleEndian.putI64(c, CMD_SECTOR_OFFSET, sector);
        for (int i = 0; i < frames.length; i++) {
            LittleEndian.putI64(c, CMD_SEGMENTS_OFFSET + i * SEGMENT_SIZE + SEGMENT_MADDR_OFFSET, frames[i] << 12);
            LittleEndian.putI32(c, CMD_SEGMENTS_OFFSET + i * SEGMENT_SIZE + SEGMENT_BYTES_OFFSET, 4096);
        }
        b.memory.write(CMDS, slot * 256, c, 0, c.length);
        b.out(PORT_BASE + REG_CMD_ADDR_LO, (int) at);
        b.out(PORT_BASE + REG_CMD_ADDR_HI, 0);
        return at;
    }

    private static int status(DeviceBench b, int slot) {
        return b.memory.read32(CMDS, slot * 256 + CMD_STATUS_OFFSET);
    }

    private static List<Integer> completions(DeviceBench b) {
        List<Integer> out = new ArrayList<>();
        int prod = b.memory.read32(CQ, CQ_PROD_OFFSET);
        for (int i = 0; i < prod; i++) {
            out.add(b.memory.read32(CQ, completionOffset(i)));
        }
        return out;
    }

    @Test
    void aWriteThenAReadMoveTheBytesAndCompleteWithAnInterruptAtTheModelledTime() {
        DiskSpec nvme = DiskSpec.nvme(DiskSpec.DEFAULT_SECTORS);
        DeviceBench b = bench(nvme);
        byte[] pattern = new byte[4096];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        b.memory.write(DATA, 0, pattern, 0, 4096);
        b.memory.write(DATA + 1, 0, pattern, 0, 4096);
        submit(b, 0, OP_WRITE, 64, 7, DATA, DATA + 1);
        assertThat(status(b, 0)).isEqualTo(STATUS_PENDING);
        assertThat(b.devices.disk().outstanding()).isEqualTo(1);

        b.runUntil(1_000_000);
        long expected = nvme.latencyNs() + nvme.transferNs(8192);
        assertThat(b.interrupts).hasSize(1);
        assertThat(b.interrupts.get(0)).containsExactly(expected, GSI);
        assertThat(status(b, 0)).isEqualTo(STATUS_OK);
        assertThat(completions(b)).containsExactly(completion(7, STATUS_OK));
        assertThat(b.in(PORT_BASE + REG_ISR)).isEqualTo(ISR_COMPLETION);
        assertThat(b.in(PORT_BASE + REG_ISR)).as("ISR is cleared by reading it").isZero();

        submit(b, 1, OP_READ, 72, 8, DATA + 5); // the second written page
        b.lines.eoi(0, GSI, b.engine.now());
        b.runUntil(2_000_000);
        byte[] back = new byte[4096];
        b.memory.read(DATA + 5, 0, back, 0, 4096);
        assertThat(back).isEqualTo(pattern);
        assertThat(completions(b)).containsExactly(completion(7, STATUS_OK), completion(8, STATUS_OK));
        assertThat(b.devices.disk().bytesWritten()).isEqualTo(8192);
        assertThat(b.devices.disk().bytesRead()).isEqualTo(4096);
    }

    @Test
    void anHddServesOneCommandAtATimeAndSeeksOnlyWhenNotSequential() {
        DiskSpec hdd = DiskSpec.hdd(DiskSpec.DEFAULT_SECTORS);
        DeviceBench b = bench(hdd);
        submit(b, 0, OP_READ, 0, 1, DATA);
        submit(b, 1, OP_READ, 8, 2, DATA + 1); // continues where the first ends
        submit(b, 2, OP_READ, 100_000, 3, DATA + 2);
        long io = hdd.latencyNs() + hdd.transferNs(4096);
        long first = hdd.accessNs() + io;
        long second = first + io;
        long third = second + hdd.accessNs() + io;
        long[] at = {first, second, third};
        for (int i = 0; i < 3; i++) {
            b.runUntil(at[i] - 1);
            assertThat(completions(b)).as("before completion %d", i + 1).hasSize(i);
            b.runUntil(at[i]);
            assertThat(completions(b)).as("at completion %d", i + 1).hasSize(i + 1);
        }
        assertThat(b.interrupts).hasSize(1); // the line stays in flight until dom0's EOI
        assertThat(b.interrupts.get(0)[0]).isEqualTo(first);
        b.lines.eoi(0, GSI, b.engine.now()); // the assertions meanwhile are delivered once, now
        assertThat(b.interrupts).hasSize(2);
        assertThat(completions(b))
                .containsExactly(completion(1, STATUS_OK), completion(2, STATUS_OK), completion(3, STATUS_OK));
        assertThat(hdd.transferNs(4096)).isEqualTo(27_306);
    }

    @Test
    void malformedCommandsAreInvalidAFullQueueIsBusyAndInjectedFailuresAreErrors() {
        DiskSpec small = new DiskSpec("custom", 16, 1000, 0, 1_000_000_000L, 2, false);
        DeviceBench b = bench(small);
        submit(b, 0, OP_WRITE, 15, 1, DATA); // 8 sectors from 15 run past 16
        submit(b, 1, 9, 0, 2, DATA); // no such op
        submit(b, 2, OP_READ, 0, 3); // no segment
        submit(b, 3, OP_READ, 0, 4, 5000); // a frame that is not RAM
        assertThat(status(b, 0)).isEqualTo(STATUS_INVALID);
        assertThat(status(b, 1)).isEqualTo(STATUS_INVALID);
        assertThat(status(b, 2)).isEqualTo(STATUS_INVALID);
        assertThat(status(b, 3)).isEqualTo(STATUS_INVALID);

        b.out(PORT_BASE + REG_FAIL_NEXT, 1);
        b.memory.write(DATA, 0, new byte[] {1, 2, 3}, 0, 3);
        submit(b, 4, OP_WRITE, 0, 5, DATA);
        submit(b, 5, OP_FLUSH, 0, 6);
        submit(b, 6, OP_READ, 0, 7, DATA); // the queue holds two
        assertThat(status(b, 6)).isEqualTo(STATUS_BUSY);
        b.runUntil(1_000_000);
        assertThat(status(b, 4)).isEqualTo(STATUS_ERROR);
        assertThat(status(b, 5)).isEqualTo(STATUS_OK);
        assertThat(b.devices.disk().bytesWritten())
                .as("a failed write moves nothing")
                .isZero();

        b.memory.write32(CMDS, 7 * 256, 0);
        b.out(PORT_BASE + REG_CMD_ADDR_LO, (int) DeviceBench.maddr(CMDS, 7 * 256 + 4)); // misaligned
        b.out(PORT_BASE + REG_CMD_ADDR_HI, 0);
        assertThat(b.devices.disk().refused()).isEqualTo(1);
    }

    @Test
    void aResetAbandonsOutstandingCommands() {
        DeviceBench b = bench(DiskSpec.nvme(DiskSpec.DEFAULT_SECTORS));
        submit(b, 0, OP_READ, 0, 1, DATA);
        b.out(PORT_BASE + REG_CONTROL, 0);
        b.runUntil(10_000_000);
        assertThat(status(b, 0)).isEqualTo(STATUS_PENDING);
        assertThat(b.interrupts).isEmpty();
        assertThat(b.devices.disk().outstanding()).isZero();
        submit(b, 0, OP_READ, 0, 1, DATA);
        assertThat(b.devices.disk().refused())
                .as("a disabled controller takes nothing")
                .isEqualTo(1);
    }

    /**
     * Random commands at random times, twice with the same seed: every accepted command completes exactly once, never
     * more than the queue depth are outstanding, and both runs complete the same commands at the same times.
     */
    @TestFactory
    Stream<DynamicTest> randomWorkloadsCompleteEveryAcceptedCommandOnceAndRepeatExactly() {
        return Seeds.tests(
                new long[] {1, 2, 3, 0xD15C},
                400,
                (seed, steps) ->
                        assertThat(randomRun(seed, steps)).as("seed %d", seed).isEqualTo(randomRun(seed, steps)));
    }

    private static List<String> randomRun(long seed, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        DiskSpec spec = rnd.nextBoolean() ? DiskSpec.nvme(1 << 16) : DiskSpec.hdd(1 << 16);
        DeviceBench b = bench(spec);
        List<String> log = new ArrayList<>();
        b.lines.setSink((d, p, now) -> log.add("irq " + now));
        int accepted = 0;
        for (int i = 0; i < steps; i++) {
            int slot = i % 16;
            int op = rnd.nextInt(3);
            long sector = rnd.nextLong(1 << 16) & ~7L;
            submit(b, slot, op, sector, i, op == OP_FLUSH ? new long[0] : new long[] {DATA + rnd.nextInt(4)});
            int st = status(b, slot);
            if (st == STATUS_PENDING) {
                accepted++;
            }
            assertThat(b.devices.disk().outstanding()).as("seed %d", seed).isLessThanOrEqualTo(spec.queueDepth());
            b.runUntil(b.engine.now() + rnd.nextLong(200_000));
            b.lines.eoi(0, GSI, b.engine.now());
        }
        b.runUntil(b.engine.now() + 10_000_000_000L);
        List<Integer> done = completions(b);
        long ok = done.stream().filter(c -> c >>> 16 == STATUS_OK).count();
        assertThat(ok)
                .as("seed %d: every accepted command completes once", seed)
                .isEqualTo(accepted);
        assertThat(done).hasSize(steps);
        for (int c : done) {
            log.add(Integer.toHexString(c));
        }
        return log;
    }
}
