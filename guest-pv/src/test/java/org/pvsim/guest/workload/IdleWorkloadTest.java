package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.hypervisor.abi.Hypercall;

class IdleWorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void withoutSchedopBlockItSpinsATickAndYields() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle tick=2ms");
        host.runUntil(41 * MS);
        long idles = host.workload(0).progress();
        assertThat(idles).isBetween(20L, 21L);
        // one SCHEDOP_block answered -ENOSYS, then one SCHEDOP_yield per tick
        assertThat(host.count(0, Hypercall.sched_op)).isEqualTo(idles + 1);
        assertThat(host.console()).contains("(d0) idle: SCHEDOP_block is not available; spinning 2ms between yields");
        host.assertAuditClean();
    }
}
