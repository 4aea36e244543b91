package org.pvsim.dom0.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.hypervisor.abi.ShutdownReason;

/** Reports with known figures, shared by the report tests. */
final class ReportFixtures {

    private ReportFixtures() {}

    static DomainStats dom0() {
        return new DomainStats(
                0,
                "Domain-0",
                XlDomainState.runningDomain(),
                200_000_000L,
                524_288,
                524_288,
                1,
                List.of(new VcpuStats(0, 200_000_000L, 5_000L, 2_799_995_000L, 0)),
                new TreeMap<>(Map.of("sched_op", 12L, "console_io", 3L)));
    }

    static DomainStats crashedGuest() {
        return new DomainStats(
                2,
                "guest-memory",
                XlDomainState.shutDown(ShutdownReason.SHUTDOWN_crash),
                1_234_567_890L,
                65_536,
                131_072,
                1,
                List.of(new VcpuStats(0, 1L, 2L, 3L, 4L)),
                Map.of("memory_op", 40L, "xen_version", 1L));
    }

    static DomainStats quietGuest() {
        return new DomainStats(
                1,
                "guest-cpu",
                new XlDomainState(false, true, false, false, null, false),
                250_000_000L,
                65_536,
                65_536,
                2,
                List.of(new VcpuStats(1, 10, 20, 30, 40), new VcpuStats(0, 1, 2, 3, 4)),
                Map.of());
    }

    static RunReport report() {
        return new RunReport(
                "default",
                42,
                3_000_000_000L,
                123_456_789L,
                1000,
                "ab".repeat(32),
                List.of("demo.yaml:4:3: host.scheduler: credit2 is not simulated yet; this run uses rr"),
                new HostStats(4, 2_097_152, 1_000_000),
                List.of(crashedGuest(), dom0(), quietGuest()),
                new SchedulingStats(
                        "credit2",
                        List.of(1_000_000L, 2_000_000L, 0L, 0L),
                        List.of(
                                new SchedulingStats.DomainScheduling(
                                        0, "Domain-0", 256, 0, 1.5, 133.3, 300, 2000, 9000, 12000, 4),
                                new SchedulingStats.DomainScheduling(
                                        1, "guest", 512, 25, 24.9, 25.0, 10, 1000, 1500, 1500, 0))));
    }
}
