package org.pvsim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pvsim.dom0.boot.CatalogOfGuestWorkloads;
import org.pvsim.dom0.boot.ScenarioSimulation;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioLoader;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.Journal;

/**
 * The whole default scenario (shortened to 300 ms of virtual time) with the journal recording, against its baseline:
 * the same run with the journal off ({@link Journal#OFF}), in the same run of the benchmark. BENCHMARKING.md's goal
 * is journal on ÷ journal off ≤ 1.15 in wall time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScenarioJournalBenchmark {
    private ResolvedScenario scenario;

    @Setup
    public void load() throws Exception {
        scenario = new ScenarioLoader(new CatalogOfGuestWorkloads())
                .loadBuiltin("default")
                .withDurationNs(300_000_000L);
    }

    /** Baseline: no journal. */
    @Benchmark
    public Hypervisor journalOff() {
        return ScenarioSimulation.simulate(scenario, Journal.OFF);
    }

    /** The same run, recorded to a Chronicle journal. */
    @Benchmark
    public Hypervisor journalOn() throws IOException {
        Path dir = Files.createTempDirectory("pvsim-bench");
        try (ChronicleJournal journal = ChronicleJournal.create(dir.resolve("journal"))) {
            return ScenarioSimulation.simulate(scenario, journal);
        }
    }
}
