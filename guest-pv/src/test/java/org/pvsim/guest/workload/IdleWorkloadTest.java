package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.hypervisor.abi.Hypercall;

class IdleWorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void blocksOnceAndStaysBlockedCostingAlmostNoCpu() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.runUntil(40 * MS);
        assertThat(host.workload(0).progress()).isEqualTo(1);
        assertThat(host.count(0, Hypercall.sched_op)).isEqualTo(1);
        assertThat(host.hv().domains().get(0).cpuTime(host.hv().now())).isLessThan(MS);
        host.assertAuditClean();
    }
}
