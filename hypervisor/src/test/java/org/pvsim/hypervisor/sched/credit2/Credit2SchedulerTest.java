package org.pvsim.hypervisor.sched.credit2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/** Credit2 on a real hypervisor with synthetic guests: shares, caps, runqueues and balancing, measured. */
class Credit2SchedulerTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static Credit2Scheduler credit2(SchedTestbed t) {
        return (Credit2Scheduler) t.hv.sched().policy();
    }

    @Test
    void weights512And256OnOnePcpuShareItTwoToOne() {
        SchedTestbed t = new SchedTestbed("credit2", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .weight(1, 512, 0)
                .run(30 * SECOND);
        double ratio = t.cpuShare(1) / t.cpuShare(2);
        assertThat(ratio).isCloseTo(2.0, within(2.0 * 0.02));
        assertThat(t.cpuShare(1) + t.cpuShare(2)).isCloseTo(1.0, within(0.001));
    }

    @Test
    void aCapOf25HoldsACpuBoundDomainAtAQuarterOfAPcpu() {
        SchedTestbed alone = new SchedTestbed("credit2", 1)
                .domain(1, Load.cpuBound())
                .weight(1, 256, 25)
                .run(10 * SECOND);
        assertThat(alone.cpuShare(1)).isLessThanOrEqualTo(0.26).isGreaterThan(0.24);

        SchedTestbed contended = new SchedTestbed("credit2", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .weight(1, 1024, 25)
                .run(10 * SECOND);
        assertThat(contended.cpuShare(1)).isLessThanOrEqualTo(0.26).isGreaterThan(0.24);
        assertThat(contended.cpuShare(2)).isGreaterThan(0.73);
    }

    @Test
    void aCapAbove100PercentSpreadsOverTheDomainsVcpus() {
        SchedTestbed t = new SchedTestbed("credit2", 2)
                .domain(1, 2, Load.cpuBound())
                .weight(1, 256, 150)
                .run(10 * SECOND);
        // cpuShare is in pCPUs: 150% = 1.5 pCPUs
        assertThat(t.cpuShare(1)).isLessThanOrEqualTo(1.51).isGreaterThan(1.45);
    }

    @Test
    void runqueuesFollowCredit2RunqueueOnFourPcpusInTwoSockets() {
        assertThat(credit2(new SchedTestbed("credit2", 4, 2, "")).nrRunqueues()).isEqualTo(2);
        Credit2Scheduler socket = credit2(new SchedTestbed("credit2", 4, 2, "credit2_runqueue=socket"));
        assertThat(socket.nrRunqueues()).isEqualTo(2);
        assertThat(new int[] {socket.runqueueOf(0), socket.runqueueOf(1), socket.runqueueOf(2), socket.runqueueOf(3)})
                .containsExactly(0, 0, 1, 1);
        assertThat(credit2(new SchedTestbed("credit2", 4, 2, "credit2_runqueue=all"))
                        .nrRunqueues())
                .isEqualTo(1);
        assertThat(credit2(new SchedTestbed("credit2", 4, 2, "credit2_runqueue=cpu"))
                        .nrRunqueues())
                .isEqualTo(4);
        assertThat(credit2(new SchedTestbed("credit2", 4, 2, "credit2_runqueue=node"))
                        .nrRunqueues())
                .isEqualTo(2);
        assertThat(credit2(new SchedTestbed("credit2", 4, 2, "credit2_runqueue=all sched_credit2_max_cpus_runqueue=2"))
                        .nrRunqueues())
                .isEqualTo(2);
    }

    @Test
    void aBadCredit2RunqueueIsRefusedByName() {
        assertThatThrownBy(() -> new SchedTestbed("credit2", 4, 2, "credit2_runqueue=rack"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credit2_runqueue=rack");
    }

    @Test
    void fourCpuBoundVcpusOnTwoPcpusGetHalfEach() {
        SchedTestbed t = new SchedTestbed("credit2", 2);
        for (int d = 1; d <= 4; d++) {
            t.domain(d, Load.cpuBound());
        }
        t.run(10 * SECOND);
        for (int d = 1; d <= 4; d++) {
            assertThat(t.cpuShare(d)).as("d%d", d).isCloseTo(0.5, within(0.01));
        }
    }

    /**
     * One runqueue: the three take turns on the two pCPUs. The one that moves most between them gets a little more
     * (Xen's MIGRATE_COMPENSATION, 50 µs of credit per move): 68.9% against 65.6%.
     */
    @Test
    void threeCpuBoundVcpusOnTwoPcpusGetTwoThirdsEach() {
        SchedTestbed t = new SchedTestbed("credit2", 2);
        for (int d = 1; d <= 3; d++) {
            t.domain(d, Load.cpuBound());
        }
        t.run(10 * SECOND);
        double total = 0;
        for (int d = 1; d <= 3; d++) {
            assertThat(t.cpuShare(d)).as("d%d", d).isCloseTo(2.0 / 3, within(0.03));
            total += t.cpuShare(d);
        }
        assertThat(total).isCloseTo(2.0, within(0.001));
    }

    /**
     * Two runqueues (one per pCPU). A soft affinity of pCPU 0 makes placement put all four vCPUs on runqueue 0;
     * balance_load, which only heeds hard affinity, then moves two of them to runqueue 1 at the next credit resets.
     */
    @Test
    void balanceLoadEvensOutTwoRunqueues() {
        SchedTestbed t = new SchedTestbed("credit2", 2, 2, "");
        for (int d = 1; d <= 4; d++) {
            t.domain(d, Load.cpuBound());
        }
        for (int d = 1; d <= 4; d++) {
            assertThat(t.hv.sched().setAffinity(t.vcpu(d, 0), null, CpuMask.of(0), t.hv.now()))
                    .isZero();
        }
        t.run(SECOND);
        long[] before = new long[5];
        long start = t.hv.now();
        for (int d = 1; d <= 4; d++) {
            before[d] = t.vcpu(d, 0).cpuTime(start);
        }
        t.run(5 * SECOND);
        long now = t.hv.now();
        for (int d = 1; d <= 4; d++) {
            double share = (double) (t.vcpu(d, 0).cpuTime(now) - before[d]) / (now - start);
            assertThat(share).as("d%d", d).isCloseTo(0.5, within(0.02));
        }
        Credit2Scheduler s = credit2(t);
        int onRq1 = 0;
        for (int d = 1; d <= 4; d++) {
            onRq1 += Credit2Scheduler.unit(t.vcpu(d, 0)).rqd.id;
        }
        assertThat(onRq1).isEqualTo(2);
        assertThat(s.nrRunqueues()).isEqualTo(2);
    }

    @Test
    void aVcpuStaysWithinItsHardAffinity() {
        SchedTestbed t = new SchedTestbed("credit2", 4, 2, "");
        t.domain(1, 2, Load.cpuBound()).domain(2, 2, Load.cpuBound());
        assertThat(t.hv.sched().setAffinity(t.vcpu(1, 0), CpuMask.of(3), null, 0))
                .isZero();
        t.run(SECOND);
        assertThat(t.vcpu(1, 0).processor()).isEqualTo(3);
        assertThat(t.vcpu(1, 0).migrations()).isZero();
        assertThat(t.cpuShare(1)).isGreaterThan(1.9);
    }

    /**
     * One pCPU: d1 computes 200 us every 5 ms, d2 computes 20 ms then sleeps 500 us, d3 and d4 never sleep. d1 keeps
     * its credit, so it preempts whoever runs as soon as the rate limit allows (measured: mean 42 us, median 0); d2
     * has burned its credit like the CPU-bound ones and waits its turn (mean 649 us, median 500 us), 954 and 81 wake-ups.
     */
    @Test
    void anInteractiveDomainWakesFasterThanACpuHungryOne() {
        SchedTestbed t = new SchedTestbed("credit2", 1)
                .domain(1, Load.interactive(200_000, 5 * MS))
                .domain(2, Load.interactive(20 * MS, 500_000))
                .domain(3, Load.cpuBound())
                .domain(4, Load.cpuBound())
                .run(5 * SECOND);
        assertThat(t.latency(1).count()).isGreaterThan(900);
        assertThat(t.latency(2).count()).isGreaterThan(50);
        assertThat(t.latency(1).mean()).isLessThan(t.latency(2).mean() / 5);
        assertThat(t.latency(1).percentile(50)).isLessThan(t.latency(2).percentile(50));
        assertThat(t.latency(1).max()).as("at most the 1 ms rate limit").isLessThanOrEqualTo(MS);
    }
}
