package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in default scenario end to end, through the command line and the real engine: it runs, it is
 * deterministic, its journal replays with no divergence, and a damaged journal is refused cleanly.
 */
class DefaultScenarioTest {
    /** The default scenario's own duration: the issue asks for the default scenario as it is. */
    private static final long DURATION_NS = 3_000_000_000L;

    @TempDir
    static Path runs;

    private static Path first;
    private static Pvsim firstRun;

    @BeforeAll
    static void runOnce() {
        first = runs.resolve("first");
        firstRun = Pvsim.run(runs, "run", "default", "--out", first.toString());
    }

    @Test
    void runsAndPrintsXlListWithDom0IdleAndTheGuestsRunning() {
        assertThat(firstRun.exitCode()).as(firstRun.toString()).isZero();
        assertThat(firstRun.out())
                .contains("Name                                        ID   Mem VCPUs\tState\tTime(s)")
                .containsPattern("Domain-0 +0 +256 +1 +-b----")
                .containsPattern("guest-cpu +1 +64 +2 +r-----")
                .containsPattern("guest-pagetable +2 +64 +1 +r-----")
                .contains("Run folder: " + first);
        assertThat(first.resolve("scenario.resolved.yaml")).exists();
        assertThat(first.resolve("journal")).isDirectory();
    }

    @Test
    void statsHoldWhatTheIssueAsksFor() throws IOException {
        JsonNode s = Pvsim.stats(first);
        assertThat(s.get("virtual_ns").asLong()).isEqualTo(DURATION_NS);
        assertThat(s.get("journal_records").asLong()).isPositive();
        assertThat(s.get("journal_sha256").asText()).matches("[0-9a-f]{64}");
        JsonNode domains = s.get("domains");
        assertThat(domains).hasSize(4);
        JsonNode cpu = domains.get(1);
        assertThat(cpu.get("name").asText()).isEqualTo("guest-cpu");
        // two vCPUs, each on its own pCPU the whole time after boot: CPU time close to 2 x 3 s
        assertThat(cpu.get("cpu_ns").asLong()).isBetween(2 * DURATION_NS - 100_000_000L, 2 * DURATION_NS);
        assertThat(cpu.get("hypercalls").get("sched_op").asLong()).isPositive();
        JsonNode pagetable = domains.get(2);
        assertThat(pagetable.get("hypercalls").get("mmuext_op").asLong()).isPositive();
        JsonNode memory = domains.get(3);
        assertThat(memory.get("hypercalls").get("memory_op").asLong()).isPositive();
        JsonNode dom0 = domains.get(0);
        assertThat(dom0.get("hypercalls").get("domctl").asLong()).isPositive();
        JsonNode v0 = dom0.get("vcpus").get(0);
        long sum = v0.get("running_ns").asLong()
                + v0.get("runnable_ns").asLong()
                + v0.get("blocked_ns").asLong()
                + v0.get("offline_ns").asLong();
        assertThat(sum).isEqualTo(DURATION_NS);
    }

    @Test
    void theSameSeedGivesTheSameJournalAndStats() throws IOException {
        Path second = runs.resolve("second");
        Pvsim again = Pvsim.run(runs, "run", "default", "--out", second.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        ObjectNode a = (ObjectNode) Pvsim.stats(first);
        ObjectNode b = (ObjectNode) Pvsim.stats(second);
        a.remove("wall_ns");
        b.remove("wall_ns");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void anotherSeedGivesAnotherJournal() throws IOException {
        Path other = runs.resolve("other-seed");
        Pvsim run = Pvsim.run(runs, "run", "default", "--duration", "50ms", "--seed", "7", "--out", other.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Pvsim.stats(other).get("journal_sha256"))
                .isNotEqualTo(Pvsim.stats(first).get("journal_sha256"));
    }

    @Test
    @Timeout(120)
    void replayReportsNoDivergence() throws IOException {
        Pvsim.assertReplaysWithoutDivergence(runs, first);
    }

    private static Path copyOfFirstRun(String name) throws IOException {
        Path copy = runs.resolve(name);
        Files.createDirectories(copy.resolve("journal"));
        try (Stream<Path> files = Files.list(first.resolve("journal"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve("journal").resolve(f.getFileName()));
            }
        }
        Files.copy(first.resolve("scenario.resolved.yaml"), copy.resolve("scenario.resolved.yaml"));
        return copy;
    }

    private static Path queueFile(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir.resolve("journal"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    @Test
    @Timeout(60)
    void aTruncatedJournalIsRefusedWithExitCode2() throws IOException {
        Path copy = copyOfFirstRun("truncated");
        try (RandomAccessFile f = new RandomAccessFile(queueFile(copy).toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        Pvsim replay = Pvsim.run(runs, "replay", copy.toString());
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(2);
        assertThat(replay.err())
                .contains("pvsim: ")
                .containsPattern("record \\d+")
                .doesNotContain("Exception");
    }

    @Test
    @Timeout(60)
    void aCorruptedJournalIsRefusedWithExitCode2() throws IOException {
        Path copy = copyOfFirstRun("corrupted");
        try (RandomAccessFile f = new RandomAccessFile(queueFile(copy).toFile(), "rw")) {
            for (long at = 600_000; at < 600_064; at++) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5A);
            }
        }
        Pvsim replay = Pvsim.run(runs, "replay", copy.toString());
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(2);
        assertThat(replay.err()).containsPattern("record \\d+").doesNotContain("Exception");
    }

    @Test
    void aMissingJournalIsRefusedWithExitCode2() {
        Pvsim replay = Pvsim.run(runs, "replay", runs.resolve("no-such-run").toString());
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(2);
        assertThat(replay.err()).contains("pvsim: ");
    }

    @Test
    @Timeout(120)
    void auditModeChecksEveryHypercallAndFindsNothing() throws IOException {
        Path audited = runs.resolve("audited");
        Pvsim run = Pvsim.run(runs, "run", "default", "--duration", "30ms", "--audit", "--out", audited.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Pvsim.stats(audited).get("domains")).hasSize(4);
    }
}
