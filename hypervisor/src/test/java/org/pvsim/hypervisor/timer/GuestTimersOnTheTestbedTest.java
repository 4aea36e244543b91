package org.pvsim.hypervisor.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.GuestKernel;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedPollDescriptor;
import org.pvsim.hypervisor.abi.SchedWatchdogDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuSetPeriodicTimerDescriptor;
import org.pvsim.hypervisor.abi.VcpuSetSingleshotTimerDescriptor;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.JournalReader;
import org.pvsim.hypervisor.journal.JournalRecord;
import org.pvsim.hypervisor.journal.ReplayResult;
import org.pvsim.hypervisor.journal.Replayer;
import org.pvsim.hypervisor.journal.TimerClass;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;
import org.pvsim.hypervisor.testing.VirqLog;

/**
 * Guest kernels that sleep on their timers, on the real execution engine: an interactive kernel gets the CPU share
 * its duty cycle asks for, a running vCPU hears its 100 Hz tick, and a run that uses every kind of timer replays from
 * its journal without a divergence.
 */
class GuestTimersOnTheTestbedTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void anInteractiveDomainRunsForItsBurstOutOfEachBurstPlusSleep() {
        SchedTestbed t = new SchedTestbed("rr", 1).domain(1, Load.interactive(2 * MS, 8 * MS));
        t.run(2 * SECOND);
        System.out.printf(
                "interactive 2ms/8ms: share %.5f, %d wake-ups, max latency %d ns%n",
                t.cpuShare(1), t.latency(1).count(), t.latency(1).max());
        // each cycle also pays two hypercalls (set_timer_op, block): 300 ns in 10 ms
        assertThat(t.cpuShare(1)).isCloseTo(0.2, within(0.002));
        assertThat(t.latency(1).count()).as("a wake-up per cycle").isBetween(195L, 201L);
        assertThat(t.latency(1).max()).as("the pCPU is idle when it wakes").isZero();
    }

    @Test
    void twoInteractiveDomainsOnTwoPcpusEachGetTheirDutyCycle() {
        SchedTestbed t = new SchedTestbed("rr", 2)
                .domain(1, Load.interactive(500 * US, 1500 * US))
                .domain(2, Load.interactive(3 * MS, 1 * MS))
                .run(SECOND);
        System.out.printf("interactive 0.5ms/1.5ms: %.5f; 3ms/1ms: %.5f%n", t.cpuShare(1), t.cpuShare(2));
        assertThat(t.cpuShare(1)).isCloseTo(0.25, within(0.005));
        assertThat(t.cpuShare(2)).isCloseTo(0.75, within(0.005));
    }

    @Test
    void aRunningVcpuHearsA100HzTick() {
        SchedTestbed t = new SchedTestbed("rr", 2).domain(1, Load.cpuBound());
        VirqLog virqs = VirqLog.install(t.hv);
        t.run(SECOND);
        System.out.println(
                "VIRQ_TIMER on a running vCPU in 1 s: " + virqs.timerTimes(1, 0).size());
        assertThat(virqs.timerTimes(1, 0).size()).isBetween(99, 101);
    }

    /**
     * A kernel that uses every timer: a watchdog it keeps re-arming, a 3 ms periodic tick, {@code SCHEDOP_poll} with a
     * timeout (and with a port, which is {@code -EINVAL} before event channels exist), and the single-shot timer with
     * {@code SCHEDOP_block}. Its arguments live in its first free page.
     */
    private static final class TimerZoo implements GuestKernel {
        private static final long ARGS =
                StartOfDayLayout.va(StartOfDayLayout.plan(1024, true).firstFreePfn());
        private static final long WATCHDOG = ARGS;
        private static final long PERIODIC = ARGS + 0x40;
        private static final long POLL = ARGS + 0x80;
        private static final long PORTS = ARGS + 0xC0;
        private static final long SINGLESHOT = ARGS + 0x100;

        private int state;
        private long watchdogId;

        private static long sched(GuestCpu cpu, SchedOp op, long arg) {
            return cpu.hypercall(Hypercall.sched_op.number, op.code, arg, 0, 0, 0);
        }

        private static void check(long rc, long expected, String what) {
            if (rc != expected) {
                throw new IllegalStateException(what + " returned " + rc + ", expected " + expected);
            }
        }

        @Override
        public void step(GuestCpu cpu) {
            switch (state++) {
                case 0 -> {
                    cpu.write32(WATCHDOG + SchedWatchdogDescriptor.ID_OFFSET, 0);
                    cpu.write32(WATCHDOG + SchedWatchdogDescriptor.TIMEOUT_OFFSET, 5);
                    watchdogId = sched(cpu, SchedOp.SCHEDOP_watchdog, WATCHDOG);
                    check(watchdogId, 1, "SCHEDOP_watchdog(0)");
                    cpu.write64(PERIODIC + VcpuSetPeriodicTimerDescriptor.PERIOD_NS_OFFSET, 3 * MS);
                    check(
                            cpu.hypercall(
                                    Hypercall.vcpu_op.number, VcpuOp.VCPUOP_set_periodic_timer.code, 0, PERIODIC, 0, 0),
                            0,
                            "VCPUOP_set_periodic_timer");
                }
                case 1 -> cpu.compute(MS);
                case 2 -> {
                    cpu.write32(WATCHDOG + SchedWatchdogDescriptor.ID_OFFSET, (int) watchdogId);
                    check(sched(cpu, SchedOp.SCHEDOP_watchdog, WATCHDOG), 0, "SCHEDOP_watchdog(re-arm)");
                    cpu.write64(POLL + SchedPollDescriptor.PORTS_OFFSET, PORTS);
                    cpu.write32(POLL + SchedPollDescriptor.NR_PORTS_OFFSET, 0);
                    cpu.write64(POLL + SchedPollDescriptor.TIMEOUT_OFFSET, cpu.rdtsc() + 2 * MS);
                    check(sched(cpu, SchedOp.SCHEDOP_poll, POLL), 0, "SCHEDOP_poll");
                }
                case 3 -> {
                    cpu.compute(500 * US);
                    cpu.write64(SINGLESHOT + VcpuSetSingleshotTimerDescriptor.TIMEOUT_ABS_NS_OFFSET, cpu.rdtsc() + MS);
                    cpu.write32(SINGLESHOT + VcpuSetSingleshotTimerDescriptor.FLAGS_OFFSET, 0);
                    check(
                            cpu.hypercall(
                                    Hypercall.vcpu_op.number,
                                    VcpuOp.VCPUOP_set_singleshot_timer.code,
                                    0,
                                    SINGLESHOT,
                                    0,
                                    0),
                            0,
                            "VCPUOP_set_singleshot_timer");
                    sched(cpu, SchedOp.SCHEDOP_block, 0);
                }
                default -> {
                    cpu.write32(PORTS, 5);
                    cpu.write32(POLL + SchedPollDescriptor.NR_PORTS_OFFSET, 1);
                    check(sched(cpu, SchedOp.SCHEDOP_poll, POLL), -22, "SCHEDOP_poll(port 5)");
                    state = 1;
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void aRunOnEveryKindOfTimerReplaysWithNoDivergence() throws Exception {
        Path dir = tmp.resolve("journal");
        SchedTestbed t;
        try (ChronicleJournal journal = ChronicleJournal.create(dir)) {
            t = new SchedTestbed("rr", 1, 1, "", journal)
                    .domain(1, Load.interactive(2 * MS, 3 * MS))
                    .domain(2, Load.cpuBound())
                    .domain(3, TimerZoo::new);
            t.run(SECOND);
        }
        assertThat(t.hv.domains().get(3).isShuttingDown())
                .as("the zoo kept its watchdog fed")
                .isFalse();

        List<JournalRecord> records = JournalReader.readAll(dir);
        for (TimerClass c :
                new TimerClass[] {TimerClass.VCPU_PERIODIC, TimerClass.VCPU_SINGLESHOT, TimerClass.VCPU_POLL}) {
            assertThat(records.stream()
                            .filter(r -> r instanceof JournalRecord.TimerFired f && f.timerClass() == c.code)
                            .count())
                    .as("%s expiries journalled", c)
                    .isPositive();
        }

        ReplayResult result = Replayer.replay(dir, t.replayFactory());
        System.out.println("timers replay: " + result.summary());
        assertThat(result).isInstanceOf(ReplayResult.Replayed.class);
        assertThat(result.recordsReplayed()).isEqualTo(records.size() - 1);
    }

    @Test
    @Timeout(120)
    void aWatchdogExpiryReplays() throws Exception {
        Path dir = tmp.resolve("watchdog");
        SchedTestbed t;
        try (ChronicleJournal journal = ChronicleJournal.create(dir)) {
            t = new SchedTestbed("rr", 1, 1, "", journal).domain(1, () -> new GuestKernel() {
                private boolean armed;

                @Override
                public void step(GuestCpu cpu) {
                    if (!armed) {
                        armed = true;
                        long arg = StartOfDayLayout.va(
                                StartOfDayLayout.plan(1024, true).firstFreePfn());
                        cpu.write32(arg + SchedWatchdogDescriptor.ID_OFFSET, 0);
                        cpu.write32(arg + SchedWatchdogDescriptor.TIMEOUT_OFFSET, 1);
                        cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_watchdog.code, arg, 0, 0, 0);
                    }
                    cpu.compute(MS);
                }
            });
            t.run(2 * SECOND);
        }
        assertThat(t.hv.domains().get(1).shutdownCode()).isEqualTo(4);
        ReplayResult result = Replayer.replay(dir, t.replayFactory());
        assertThat(result).as(result.summary()).isInstanceOf(ReplayResult.Replayed.class);
    }
}
