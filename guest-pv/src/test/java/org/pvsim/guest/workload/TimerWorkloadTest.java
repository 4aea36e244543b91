package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.ShutdownReason;

/** {@code timer}: sleeps on the single-shot timer, woken by VIRQ_TIMER through the kernel's upcall. */
class TimerWorkloadTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    @Test
    void wakesCountTimesEachAtOrAfterItsDeadline() {
        GuestHostAccess host = GuestHostAccess.bootWithEvents(2, "credit2", "workload=idle");
        host.domU(1, 512, 2, "workload=timer period=1ms count=100");
        host.auditEveryHypercall();
        host.runUntil(40 * MS);
        TimerWorkload w = (TimerWorkload) host.workload(1);
        // two vCPUs, one sleep of 1 ms at a time each: at most 80 wake-ups in 40 ms
        assertThat(w.wakeups()).isBetween(60L, 80L);
        assertThat(w.isDone()).isFalse();

        host.runUntil(100 * MS);

        assertThat(w.isDone()).isTrue();
        assertThat(w.wakeups()).isEqualTo(100);
        assertThat(w.earlyWakeups()).as("the periodic tick is stopped").isZero();
        assertThat(w.latenessPercentileNs(50)).isGreaterThanOrEqualTo(0);
        assertThat(w.latenessPercentileNs(99)).isLessThanOrEqualTo(w.maxLatenessNs());
        assertThat(w.maxLatenessNs()).isLessThan(100 * US);
        assertThat(host.console())
                .containsPattern("\\(d1\\) timer: 100 wake-ups after 1ms each, late by \\(us\\): mean \\d+\\.\\d{3} p50"
                        + " \\d+\\.\\d{3} p99 \\d+\\.\\d{3} max \\d+\\.\\d{3}\n");
        GuestEvents events = host.kernel(1).eventLayer();
        assertThat(events.upcalls()).isGreaterThanOrEqualTo(100);
        assertThat(events.timerTicks())
                .as("the workload's handler took over VIRQ_TIMER")
                .isZero();
        // set_singleshot_timer, and stop_periodic_timer once per vCPU (plus the boot's VCPUOP probes)
        assertThat(host.count(1, Hypercall.vcpu_op)).isGreaterThanOrEqualTo(100 + 2);
        // done: it stays blocked, arming nothing more
        long calls = host.count(1, Hypercall.vcpu_op);
        host.runUntil(150 * MS);
        assertThat(host.count(1, Hypercall.vcpu_op)).isEqualTo(calls);
        assertThat(w.wakeups()).isEqualTo(100);
        host.assertAuditClean();
    }

    @Test
    void aLateWakeUpIsMeasuredFromTheDeadline() {
        // one pCPU shared with a CPU hog under round-robin, which does not preempt on wake-up: the timer's vCPU waits
        // for the hog's timeslice to end after its deadline (credit2 would preempt the hog at once)
        GuestHostAccess host = GuestHostAccess.bootWithEvents(1, "rr", "workload=idle");
        host.domU(1, 512, 1, "workload=timer period=1ms count=20");
        host.domU(2, 512, 1, "workload=cpu burst=1ms yield=0");
        host.runUntil(1000 * MS);
        TimerWorkload w = (TimerWorkload) host.workload(1);
        assertThat(w.wakeups()).isEqualTo(20);
        GuestHostAccess alone = GuestHostAccess.bootWithEvents(1, "rr", "workload=idle");
        alone.domU(1, 512, 1, "workload=timer period=1ms count=20");
        alone.runUntil(200 * MS);
        TimerWorkload quiet = (TimerWorkload) alone.workload(1);
        assertThat(quiet.wakeups()).isEqualTo(20);
        assertThat(quiet.maxLatenessNs()).isEqualTo(GuestEvents.UPCALL_NS + GuestEvents.PORT_NS);
        assertThat(w.meanLatenessNs()).isGreaterThan(quiet.meanLatenessNs());
        assertThat(w.maxLatenessNs()).isGreaterThan(100 * US);
    }

    @Test
    void withoutEventChannelsNothingCouldWakeItSoItPanics() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.domU(1, 512, 1, "workload=timer");
        host.runUntil(5 * MS);
        assertThat(host.console()).contains("(d1) kernel panic: timer: cannot bind VIRQ_TIMER on vCPU 0: -ENOSYS");
        assertThat(host.hv().domains().get(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
    }
}
