package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.guest.evtchn.EventAbi;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.ShutdownReason;

/** {@code pingpong} between two domUs on a host with event channels. */
class PingPongWorkloadTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private static GuestHostAccess pingpong(int pcpus, int count, String extra) {
        GuestHostAccess host = GuestHostAccess.bootWithEvents(pcpus, "credit2", "workload=idle");
        host.domU(1, 512, 1, "workload=pingpong role=ping peer=2 count=" + count + extra);
        host.domU(2, 512, 1, "workload=pingpong role=pong peer=1 count=" + count + extra);
        return host;
    }

    @Test
    void twoDomainsBounceANotificationCountTimesWithPlausibleRoundTrips() {
        GuestHostAccess host = pingpong(2, 1000, "");
        host.auditEveryHypercall();
        host.runUntil(100 * MS);

        PingPongWorkload ping = (PingPongWorkload) host.workload(1);
        PingPongWorkload pong = (PingPongWorkload) host.workload(2);
        assertThat(ping.isDone()).isTrue();
        assertThat(pong.isDone()).isTrue();
        assertThat(ping.roundTrips()).isEqualTo(1000);
        assertThat(ping.progress()).isEqualTo(1000);
        assertThat(pong.echoes())
                .as("1000 replies and the first event, which connects")
                .isEqualTo(1001);
        assertThat(ping.strays()).isZero();
        assertThat(pong.offeredPort()).isEqualTo(ping.port());
        // each round trip is two wake-ups and two upcalls: more than nothing, far less than a timeslice
        assertThat(ping.rttPercentileNs(50)).isPositive();
        assertThat(ping.rttPercentileNs(50)).isLessThanOrEqualTo(ping.rttPercentileNs(99));
        assertThat(ping.rttPercentileNs(99)).isLessThanOrEqualTo(ping.maxRttNs());
        assertThat(ping.maxRttNs()).isLessThan(100 * US);
        assertThat(ping.meanRttNs()).isBetween(1.0, (double) ping.maxRttNs());
        assertThat(host.console())
                .containsPattern("\\(d1\\) pingpong: 1000 round trips with d2, RTT \\(us\\): mean \\d+\\.\\d{3} p50"
                        + " \\d+\\.\\d{3} p99 \\d+\\.\\d{3} max \\d+\\.\\d{3}\n")
                .contains("(d2) pingpong: pong: 1000 pings from d1 echoed\n");
        // d1: bind VIRQ_TIMER, alloc_unbound, 1000 sends; d2: bind VIRQ_TIMER, the probes, 1001 sends
        assertThat(host.count(1, Hypercall.event_channel_op)).isEqualTo(1 + 1 + 1000);
        assertThat(host.count(2, Hypercall.event_channel_op)).isEqualTo(1 + ping.port() + 1001);
        assertThat(host.count(1, Hypercall.sched_op)).isGreaterThanOrEqualTo(1000);
        // both stay up, blocked, once done
        assertThat(host.hv().domains().get(1).isShuttingDown()).isFalse();
        assertThat(host.hv().vcpu(1, 0).isRunnable()).isFalse();
        assertThat(host.hv().vcpu(2, 0).isRunnable()).isFalse();
        host.assertAuditClean();
    }

    @Test
    void sharingOnePcpuMakesRoundTripsSlower() {
        GuestHostAccess two = pingpong(2, 200, "");
        two.runUntil(50 * MS);
        GuestHostAccess one = pingpong(1, 200, "");
        one.runUntil(50 * MS);
        PingPongWorkload alone = (PingPongWorkload) two.workload(1);
        PingPongWorkload shared = (PingPongWorkload) one.workload(1);
        assertThat(alone.roundTrips()).isEqualTo(200);
        assertThat(shared.roundTrips()).isEqualTo(200);
        // alone, a round trip costs ping's upcall entry and dispatch; shared, each side also waits for the other's step
        assertThat(alone.meanRttNs()).isEqualTo((double) (GuestEvents.UPCALL_NS + GuestEvents.PORT_NS));
        assertThat(shared.meanRttNs()).isGreaterThan(alone.meanRttNs());
    }

    @Test
    void pongWaitsOnItsTimerAndScansAgainUntilPingOffersItsPort() {
        GuestHostAccess host = GuestHostAccess.bootWithEvents(2, "credit2", "workload=idle");
        host.domU(2, 512, 1, "workload=pingpong role=pong peer=1 count=10");
        host.runUntil(5 * MS);
        PingPongWorkload pong = (PingPongWorkload) host.workload(2);
        assertThat(pong.scans()).as("-ESRCH: d1 does not exist yet").isGreaterThan(1);
        assertThat(pong.echoes()).isZero();

        host.domU(1, 512, 1, "workload=pingpong role=ping peer=2 count=10");
        host.runUntil(20 * MS);

        assertThat(((PingPongWorkload) host.workload(1)).roundTrips()).isEqualTo(10);
        assertThat(pong.echoes()).isEqualTo(11);
        host.assertAuditClean();
    }

    @Test
    void twoRunsBounceAlike() {
        GuestHostAccess a = pingpong(2, 300, "");
        a.runUntil(30 * MS);
        GuestHostAccess b = pingpong(2, 300, "");
        b.runUntil(30 * MS);
        assertThat(b.console()).isEqualTo(a.console());
        assertThat(b.hv().now()).isEqualTo(a.hv().now());
        assertThat(b.count(1, Hypercall.sched_op)).isEqualTo(a.count(1, Hypercall.sched_op));
    }

    @Test
    void withoutEventChannelsPingPanicsSayingWhy() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.domU(1, 512, 1, "workload=pingpong role=ping peer=2");
        host.runUntil(5 * MS);
        assertThat(host.console())
                .contains("(d1) events: the hypervisor has no event channels (event_channel_op: -ENOSYS)")
                .contains("(d1) kernel panic: pingpong: EVTCHNOP_alloc_unbound for d2: -ENOSYS");
        assertThat(host.hv().domains().get(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
    }

    @Test
    void overTheFifoAbiTwoDomainsBounceANotificationCountTimes() {
        GuestHostAccess host = pingpong(2, 1000, " evtchn=fifo");
        host.auditEveryHypercall();
        host.runUntil(100 * MS);
        assertThat(host.kernel(1).eventLayer().abi()).isEqualTo(EventAbi.FIFO);
        assertThat(host.kernel(2).eventLayer().abi()).isEqualTo(EventAbi.FIFO);
        assertThat(host.console()).contains("(d1) events: FIFO ABI");
        PingPongWorkload ping = (PingPongWorkload) host.workload(1);
        assertThat(ping.roundTrips()).isEqualTo(1000);
        assertThat(((PingPongWorkload) host.workload(2)).echoes()).isEqualTo(1001);
        assertThat(ping.maxRttNs()).isLessThan(100 * US);
        host.assertAuditClean();
    }
}
