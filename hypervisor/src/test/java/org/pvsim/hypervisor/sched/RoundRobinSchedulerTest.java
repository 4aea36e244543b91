package org.pvsim.hypervisor.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.sched.testing.SchedTestbed;
import org.pvsim.hypervisor.sched.testing.SchedTestbed.Load;

class RoundRobinSchedulerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void twoCpuBoundDomainsOnOnePcpuShareItEqually() {
        SchedTestbed t = new SchedTestbed("rr", 1)
                .domain(1, Load.cpuBound())
                .domain(2, Load.cpuBound())
                .run(2 * SECOND);
        assertThat(t.cpuShare(1)).isCloseTo(0.5, within(0.01));
        assertThat(t.cpuShare(2)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void aVcpuRunsOnlyWithinItsHardAffinity() {
        SchedTestbed t = new SchedTestbed("rr", 2).domain(1, 2, Load.cpuBound());
        assertThat(t.hv.sched().setAffinity(t.vcpu(1, 0), org.pvsim.hypervisor.machine.CpuMask.of(1), null, 0))
                .isZero();
        t.run(SECOND / 10);
        assertThat(t.vcpu(1, 0).processor()).isEqualTo(1);
    }

    @Test
    void aRunningVcpuPinnedAwayMovesToAnIdlePcpuOfItsNewAffinity() {
        SchedTestbed t = new SchedTestbed("rr", 4).domain(1, Load.cpuBound()).run(SECOND / 100);
        org.pvsim.hypervisor.domain.Vcpu v = t.vcpu(1, 0);
        int from = v.processor();
        int to = (from + 2) % 4;
        assertThat(v.isRunning()).isTrue();

        assertThat(t.hv.sched().setAffinity(v, org.pvsim.hypervisor.machine.CpuMask.of(to), null, t.hv.now()))
                .isZero();
        long pinnedAt = t.hv.now();
        t.run(SECOND / 100);

        assertThat(v.processor()).as("moved to the idle pCPU it is pinned to").isEqualTo(to);
        assertThat(v.isRunning()).isTrue();
        assertThat(v.cpuTime(t.hv.now()))
                .as("it kept running: no more than a timeslice lost")
                .isGreaterThan(SECOND / 100 + (t.hv.now() - pinnedAt) - 2 * RoundRobinScheduler.DEFAULT_TIMESLICE_NS);
    }
}
