package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.hypervisor.abi.Hypercall;

class IdleWorkloadTest {
    private static final long MS = 1_000_000L;

    /**
     * An idle vCPU blocks, and blocks again on each wake-up: at most once per tick of the PV default 10 ms periodic
     * timer (a hypervisor without timers never wakes it, so it blocks exactly once).
     */
    @Test
    void blocksAgainAfterEachWakeUpCostingAlmostNoCpu() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.runUntil(40 * MS);
        long blocks = host.workload(0).progress();
        assertThat(blocks).isBetween(1L, 1L + 40 / 10);
        assertThat(host.count(0, Hypercall.sched_op)).isEqualTo(blocks);
        assertThat(host.hv().domains().get(0).cpuTime(host.hv().now())).isLessThan(MS);
        host.assertAuditClean();
    }
}
