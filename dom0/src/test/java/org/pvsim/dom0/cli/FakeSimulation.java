package org.pvsim.dom0.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pvsim.dom0.report.DomainStats;
import org.pvsim.dom0.report.HostStats;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.report.SchedulingStats;
import org.pvsim.dom0.report.VcpuStats;
import org.pvsim.dom0.report.XlDomainState;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.dom0.run.Simulation;
import org.pvsim.dom0.scenario.DomainSpec;
import org.pvsim.dom0.scenario.ResolvedScenario;

/**
 * A simulation for command-line tests: records what it was asked, writes an empty journal folder, and reports dom0
 * plus each domU with figures derived from the scenario; or fails as told.
 */
final class FakeSimulation implements Simulation {

    ResolvedScenario scenario;
    RunOptions options;
    RunFailedException failure;
    String crash;
    List<String> engineWarnings = List.of();

    @Override
    public RunReport run(ResolvedScenario scenario, RunOptions options) throws RunFailedException {
        this.scenario = scenario;
        this.options = options;
        if (failure != null) {
            throw failure;
        }
        if (crash != null) {
            throw new IllegalStateException(crash);
        }
        try {
            Files.createDirectory(options.journalDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DomainStats> domains = new ArrayList<>();
        domains.add(new DomainStats(
                0,
                "Domain-0",
                XlDomainState.runningDomain(),
                200_000_000L,
                scenario.host().dom0MemKib(),
                scenario.host().dom0MemKib(),
                scenario.host().dom0MaxVcpus(),
                List.of(new VcpuStats(0, 200_000_000L, 0, scenario.durationNs() - 200_000_000L, 0)),
                Map.of("sched_op", 5L)));
        int id = 1;
        for (DomainSpec domain : scenario.domains()) {
            domains.add(new DomainStats(
                    id++,
                    domain.name(),
                    new XlDomainState(false, true, false, false, null, false),
                    1_500_000_000L,
                    domain.config().memoryKib(),
                    domain.config().maxmemKib(),
                    domain.config().vcpus(),
                    List.of(new VcpuStats(0, 1, 2, 3, 4)),
                    Map.of("mmu_update", 10L, "sched_op", 2L)));
        }
        return new RunReport(
                scenario.name(),
                scenario.seed(),
                scenario.durationNs(),
                42,
                7,
                "0".repeat(64),
                engineWarnings,
                new HostStats(scenario.host().pcpus(), scenario.host().memoryKib(), 1024),
                domains,
                new SchedulingStats(
                        scenario.host().scheduler().xenName(),
                        List.of(),
                        domains.stream()
                                .map(d -> new SchedulingStats.DomainScheduling(
                                        d.id(),
                                        d.name(),
                                        256,
                                        0,
                                        100.0 * d.cpuNs() / scenario.durationNs(),
                                        -1,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0))
                                .toList()));
    }
}
