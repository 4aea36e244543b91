package org.pvsim.hypervisor.sched.nullsched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

/**
 * The null scheduler on a real hypervisor with synthetic guests. dom0's vCPU, which blocks at once, holds pCPU 0
 * for good: blocking does not free a pCPU.
 */
class NullHostTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private static NullScheduler nul(SchedTestbed t) {
        return (NullScheduler) t.hv.sched().policy();
    }

    @Test
    void noVcpuEverMigratesAndTheExtraVcpusWaitUntilAPcpuIsFreed() {
        SchedTestbed t = new SchedTestbed("null", 3)
                .domain(1, 2, Load.cpuBound())
                .domain(2, 2, Load.cpuBound())
                .run(SECOND);
        assertThat(nul(t).assignedVcpu(0)).isSameAs(t.vcpu(0, 0));
        assertThat(t.cpuShare(0)).isLessThan(0.001);
        assertThat(t.cpuShare(1)).as("d1's two vCPUs own pCPUs 1 and 2").isCloseTo(2.0, within(0.001));
        assertThat(t.cpuTime(2, 0)).isZero();
        assertThat(t.cpuTime(2, 1)).isZero();
        assertThat(nul(t).isWaiting(t.vcpu(2, 0))).isTrue();

        int freed = t.vcpu(1, 0).processor();
        t.hv.lifecycle().vcpuDown(t.vcpu(1, 0), t.hv.now());
        long d1v0 = t.cpuTime(1, 0);
        t.run(SECOND);
        assertThat(t.cpuTime(1, 0)).as("offline").isEqualTo(d1v0);
        assertThat(t.vcpu(2, 0).processor())
                .as("the first waiter took the freed pCPU")
                .isEqualTo(freed);
        assertThat(t.cpuTime(2, 0)).isCloseTo(SECOND, within(MS));
        assertThat(t.cpuTime(2, 1)).isZero();

        t.hv.lifecycle().vcpuUp(t.vcpu(1, 0), t.hv.now());
        t.run(SECOND);
        assertThat(t.cpuTime(1, 0)).as("back online, it waits behind d2v1").isEqualTo(d1v0);
        assertThat(nul(t).isWaiting(t.vcpu(1, 0))).isTrue();
        for (int domid = 0; domid <= 2; domid++) {
            assertThat(t.migrations(domid)).as("d%d's migrations", domid).isZero();
        }
    }

    @Test
    void aVcpuRunsOnlyInItsHardAffinityAndMovesWhenItChanges() {
        SchedTestbed t = new SchedTestbed("null", 3).domain(1, Load.cpuBound()).run(10 * MS);
        assertThat(t.vcpu(1, 0).processor()).isEqualTo(1);
        assertThat(t.hv.sched().setAffinity(t.vcpu(1, 0), CpuMask.of(2), null, t.hv.now()))
                .isZero();
        t.run(SECOND);
        assertThat(t.vcpu(1, 0).processor()).isEqualTo(2);
        assertThat(nul(t).assignedVcpu(1)).isNull();
        assertThat(nul(t).assignedVcpu(2)).isSameAs(t.vcpu(1, 0));
        assertThat(t.migrations(1)).isEqualTo(1);
        assertThat(t.cpuShare(1)).isCloseTo(1.0, within(0.001));
    }

    @Test
    void blockingVcpusKeepTheirPcpusAndNeverMigrate() {
        SchedTestbed t = new SchedTestbed("null", 3)
                .domain(1, 2, Load.interactive(1 * MS, 2 * MS))
                .domain(2, Load.cpuBound())
                .run(SECOND);
        System.out.printf(
                "null: d1 2 x interactive 1/2 ms: %.4f pCPUs, latency max %d ns; d2 cpu-bound waiting: %d ns%n",
                t.cpuShare(1), t.latency(1).max(), t.cpuTime(2, 0));
        assertThat(t.cpuShare(1)).as("d1's vCPUs compute 1 ms in 3").isCloseTo(2.0 / 3, within(0.05));
        assertThat(t.cpuTime(2, 0))
                .as("waiting: blocked vCPUs do not free their pCPUs")
                .isZero();
        for (int domid = 0; domid <= 2; domid++) {
            assertThat(t.migrations(domid)).as("d%d's migrations", domid).isZero();
        }
    }

    @Test
    void aPausedDomainKeepsItsPcpusAndResumesThere() {
        SchedTestbed t =
                new SchedTestbed("null", 3).domain(1, 2, Load.cpuBound()).run(10 * MS);
        int p0 = t.vcpu(1, 0).processor();
        int p1 = t.vcpu(1, 1).processor();
        org.pvsim.hypervisor.domain.Domain d = t.hv.domains().get(1);
        for (int i = 0; i < 50; i++) {
            assertThat(t.hv.lifecycle().pauseByController(d, t.hv.now())).isZero();
            t.run(MS + i * 37_000L);
            assertThat(t.hv.lifecycle().unpauseByController(d, t.hv.now())).isZero();
            t.run(2 * MS);
        }
        assertThat(nul(t).assignedVcpu(p0)).isSameAs(t.vcpu(1, 0));
        assertThat(nul(t).assignedVcpu(p1)).isSameAs(t.vcpu(1, 1));
        assertThat(t.migrations(1)).isZero();
    }
}
