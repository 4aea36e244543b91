package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.ShutdownReason;

class CpuWorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void computesABurstThenYieldsEachStep() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.domU(1, 512, 1, "workload=cpu burst=1ms");
        host.runUntil(50 * MS);

        CpuWorkload w = (CpuWorkload) host.workload(1);
        // dom0 and d1 each have a pCPU: d1 runs 1 ms bursts back to back
        assertThat(w.bursts()).isBetween(45L, 50L);
        assertThat(w.progress()).isEqualTo(w.bursts());
        assertThat(host.count(1, Hypercall.sched_op)).isEqualTo(w.bursts());
        long running = host.hv()
                .vcpu(1, 0)
                .runstateTime(RunstateKind.RUNSTATE_running, host.hv().now());
        assertThat(running).isGreaterThanOrEqualTo(w.bursts() * MS);
        assertThat(host.console()).contains("(d1) cpu: bursts of 1ms, yielding after each, forever");
    }

    @Test
    void stopsAfterItsIterationsAndPowersOff() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.domU(1, 512, 2, "workload=cpu burst=2ms iterations=10");
        host.runUntil(100 * MS);

        CpuWorkload w = (CpuWorkload) host.workload(1);
        assertThat(w.bursts()).isEqualTo(10);
        assertThat(host.hv().domains().get(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        assertThat(host.console()).contains("(d1) cpu: 10 bursts done; powering off");
        host.assertAuditClean();
    }

    @Test
    void sharesAPcpuFairlyWithAnotherCpuDomain() {
        GuestHostAccess host = GuestHostAccess.boot(1, "workload=idle");
        host.domU(1, 512, 1, "workload=cpu burst=1ms");
        host.domU(2, 512, 1, "workload=cpu burst=1ms");
        host.runUntil(90 * MS);
        long b1 = ((CpuWorkload) host.workload(1)).bursts();
        long b2 = ((CpuWorkload) host.workload(2)).bursts();
        assertThat(b1).isPositive();
        assertThat(Math.abs(b1 - b2)).isLessThanOrEqualTo(1);
    }
}
