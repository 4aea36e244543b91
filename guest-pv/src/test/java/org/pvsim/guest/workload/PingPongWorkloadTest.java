package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;

class PingPongWorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void twoDomainsBounceANotificationCountTimes() {
        GuestHostAccess host = GuestHostAccess.bootWithEvents(2, "credit2", "workload=idle");
        host.domU(1, 512, 1, "workload=pingpong role=ping peer=2 count=100");
        host.domU(2, 512, 1, "workload=pingpong role=pong peer=1 count=100");
        host.runUntil(50 * MS);
        System.out.println(host.console());
        PingPongWorkload ping = (PingPongWorkload) host.workload(1);
        PingPongWorkload pong = (PingPongWorkload) host.workload(2);
        assertThat(ping.roundTrips()).isEqualTo(100);
        assertThat(pong.echoes()).isEqualTo(101);
        host.assertAuditClean();
    }
}
