package org.pvsim.hypervisor.sched.rtds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.sched.SchedParams;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/**
 * RTDS on a real hypervisor with synthetic guests: reservations are delivered, extratime fills idle time, and task
 * sets that EDF can schedule miss no deadline. Parameters take effect at each vCPU's next replenishment, so the
 * first periods run with Xen's defaults (10 ms / 4 ms for every vCPU); misses are counted after a warm-up.
 */
class RtdsHostTest {
    static final long MS = 1_000_000L;
    static final long SECOND = 1000 * MS;
    static final long WARM_UP = 100 * MS;

    static SchedParams rt(long periodUs, long budgetUs, boolean extratime) {
        SchedParams p = new SchedParams();
        p.periodUs = periodUs;
        p.budgetUs = budgetUs;
        p.extratime = extratime;
        return p;
    }

    static RtdsScheduler rtds(SchedTestbed t) {
        return (RtdsScheduler) t.hv.sched().policy();
    }

    static long misses(SchedTestbed t, int domid) {
        return rtds(t).deadlineMisses(t.hv.domains().get(domid));
    }

    @Test
    void aReservationOf4In10GetsAtLeast40PercentAgainstCpuBoundExtratimeVcpus() {
        SchedTestbed t = new SchedTestbed("rtds", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .domain(3, Load.cpuBound())
                .vcpuParams(1, 0, rt(10_000, 4000, false))
                .vcpuParams(2, 0, rt(10_000, 2000, true))
                .vcpuParams(3, 0, rt(10_000, 2000, true))
                .run(WARM_UP);
        long before = misses(t, 1);
        t.run(2 * SECOND);
        System.out.printf(
                "rtds 4/10 vs two 2/10+extratime on 1 pCPU: %.4f %.4f %.4f%n",
                t.cpuShare(1), t.cpuShare(2), t.cpuShare(3));
        assertThat(t.cpuShare(1)).isGreaterThanOrEqualTo(0.40 - 0.4 / 210);
        assertThat(misses(t, 1) - before).isZero();
        // the other 60% is theirs: 20% each reserved, the idle 20% shared as extratime
        assertThat(t.cpuShare(2)).isCloseTo(0.30, within(0.02));
        assertThat(t.cpuShare(3)).isCloseTo(0.30, within(0.02));
    }

    @Test
    void extratimeLetsAVcpuUseIdleTimeBeyondItsBudget() {
        SchedTestbed t = new SchedTestbed("rtds", 1)
                .domain(1, Load.cpuBound())
                .vcpuParams(1, 0, rt(10_000, 4000, true))
                .run(SECOND);
        assertThat(t.cpuShare(1)).isGreaterThan(0.99);
    }

    @Test
    void withoutExtratimeAVcpuIsHeldToItsBudgetPerPeriod() {
        SchedTestbed t = new SchedTestbed("rtds", 1)
                .domain(1, Load.cpuBound())
                .vcpuParams(1, 0, rt(10_000, 4000, false))
                .run(WARM_UP);
        long cpuBefore = t.cpuTime(1, 0);
        t.run(SECOND);
        double share = (double) (t.cpuTime(1, 0) - cpuBefore) / SECOND;
        System.out.printf("rtds 4/10 without extratime alone on 1 pCPU: %.4f%n", share);
        assertThat(share).isBetween(0.40 - 0.004, 0.40 + 0.004);
    }

    @Test
    void aSetOfUtilisationOneOnOnePcpuMissesNoDeadline() {
        SchedTestbed t = new SchedTestbed("rtds", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .domain(3, Load.cpuBound())
                .domain(4, Load.cpuBound())
                .vcpuParams(1, 0, rt(5000, 2000, false))
                .vcpuParams(2, 0, rt(10_000, 3000, false))
                .vcpuParams(3, 0, rt(20_000, 5000, false))
                .vcpuParams(4, 0, rt(40_000, 2000, false))
                .run(WARM_UP);
        long[] before = new long[5];
        for (int d = 1; d <= 4; d++) {
            before[d] = misses(t, d);
        }
        t.run(3 * SECOND);
        for (int d = 1; d <= 4; d++) {
            assertThat(misses(t, d) - before[d]).as("d%d misses", d).isZero();
        }
        assertThat(t.cpuShare(1)).isCloseTo(0.40, within(0.005));
        assertThat(t.cpuShare(2)).isCloseTo(0.30, within(0.005));
        assertThat(t.cpuShare(3)).isCloseTo(0.25, within(0.005));
        assertThat(t.cpuShare(4)).isCloseTo(0.05, within(0.005));
    }

    /**
     * Global EDF on m pCPUs is not optimal; it meets every deadline of a set whose utilisation is at most {@code m -
     * (m-1) u_max} (Goossens, Funk and Baruah, 2003). Here m = 2, u_max = 0.4, and the set's utilisation is 1.6.
     */
    @Test
    void aSetWithinTheGlobalEdfBoundOnTwoPcpusMissesNoDeadline() {
        SchedTestbed t = new SchedTestbed("rtds", 2)
                .domain(1, 2, Load.cpuBound())
                .domain(2, 3, Load.cpuBound())
                .vcpuParams(1, 0, rt(5000, 2000, false))
                .vcpuParams(1, 1, rt(10_000, 4000, false))
                .vcpuParams(2, 0, rt(10_000, 3000, false))
                .vcpuParams(2, 1, rt(20_000, 5000, false))
                .vcpuParams(2, 2, rt(4000, 1000, false))
                .run(WARM_UP);
        long before1 = misses(t, 1);
        long before2 = misses(t, 2);
        t.run(3 * SECOND);
        assertThat(misses(t, 1) - before1).isZero();
        assertThat(misses(t, 2) - before2).isZero();
        assertThat(t.cpuShare(1)).isCloseTo(0.8, within(0.01));
        assertThat(t.cpuShare(2)).isCloseTo(0.8, within(0.01));
    }

    @Test
    void anOverloadedPcpuMissesDeadlinesAndTheCounterSeesThem() {
        SchedTestbed t = new SchedTestbed("rtds", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .vcpuParams(1, 0, rt(10_000, 6000, false))
                .vcpuParams(2, 0, rt(10_000, 6000, false))
                .run(WARM_UP);
        long before = misses(t, 1) + misses(t, 2);
        t.run(SECOND);
        // 12 ms wanted every 10 ms: one of the two misses every period
        assertThat(misses(t, 1) + misses(t, 2) - before).isBetween(99L, 101L);
    }

    @Test
    void aBudgetAboveThePeriodOrBelow10usIsRefused() {
        SchedTestbed t = new SchedTestbed("rtds", 1).domain(1, Load.cpuBound());
        assertThatThrownBy(() -> t.params(1, rt(10_000, 10_001, false))).hasMessageContaining("= -22");
        assertThatThrownBy(() -> t.params(1, rt(10_000, 9, false))).hasMessageContaining("= -22");
        assertThatThrownBy(() -> t.vcpuParams(1, 0, rt(9, 9, false))).hasMessageContaining("= -22");
        t.params(1, rt(10, 10, false));
    }

    @Test
    void anInteractiveVcpuWithAReservationWaitsAtMostForAnEarlierDeadlineAndMissesNone() {
        SchedTestbed t = new SchedTestbed("rtds", 1)
                .domain(1, Load.interactive(1 * MS, 9 * MS))
                .domain(2, Load.cpuBound())
                .vcpuParams(1, 0, rt(10_000, 2000, false))
                .vcpuParams(2, 0, rt(10_000, 4000, true))
                .run(WARM_UP);
        long before = misses(t, 1);
        t.run(2 * SECOND);
        System.out.printf(
                "rtds interactive 1/9 ms with 2/10 vs cpu-bound 4/10+extratime: share %.4f, latency p50 %d max %d ns%n",
                t.cpuShare(1), t.latency(1).percentile(50), t.latency(1).max());
        assertThat(misses(t, 1) - before).isZero();
        // it waits only while the CPU-bound vCPU spends a level-0 budget with an earlier deadline
        assertThat(t.latency(1).max()).isLessThanOrEqualTo(4 * MS);
        assertThat(t.cpuShare(1)).isGreaterThan(0.07);
        assertThat(t.cpuShare(2)).isGreaterThan(0.85);
    }

    @Test
    void domainsPausedAndUnpausedAtRandomInstantsKeepTheirReservations() {
        SchedTestbed t = new SchedTestbed("rtds", 2)
                .domain(1, 2, Load.cpuBound())
                .domain(2, 2, Load.cpuBound())
                .vcpuParams(1, 0, rt(10_000, 4000, false))
                .vcpuParams(1, 1, rt(5000, 1000, true))
                .vcpuParams(2, 0, rt(7000, 3000, false))
                .run(WARM_UP);
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            int domid = 1 + r.nextInt(2);
            org.pvsim.hypervisor.domain.Domain d = t.hv.domains().get(domid);
            assertThat(t.hv.lifecycle().pauseByController(d, t.hv.now())).isZero();
            t.run(r.nextInt(3_000_000));
            assertThat(t.hv.lifecycle().unpauseByController(d, t.hv.now())).isZero();
            t.run(r.nextInt(10_000_000));
        }
        long d1v0 = t.cpuTime(1, 0);
        long d2v0 = t.cpuTime(2, 0);
        t.run(SECOND);
        assertThat(t.cpuTime(1, 0) - d1v0).isCloseTo(400 * MS, within(4 * MS));
        assertThat(t.cpuTime(2, 0) - d2v0).isCloseTo(3 * SECOND / 7, within(3 * MS));
    }
}
