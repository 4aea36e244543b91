package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.ReplayOutcome;
import org.pvsim.dom0.run.RunFailedException;

class PvsimCommandTest {

    @TempDir
    Path dir;

    FakeSimulation simulation;
    FakeReplayer replayer;
    EngineServices engine;

    @BeforeEach
    void engine() {
        simulation = new FakeSimulation();
        replayer = new FakeReplayer();
        engine = EngineServices.of(simulation, replayer, new org.pvsim.dom0.boot.CatalogOfGuestWorkloads());
    }

    CommandLineRun pvsim(String... args) {
        return CommandLineRun.execute(engine, dir.resolve("runs"), args);
    }

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Nested
    class Help {

        @Test
        void theTopCommandsHelpListsTheCommandsAndExitCodes() {
            CommandLineRun run = pvsim("--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out())
                    .contains("Usage: pvsim [-hV] COMMAND")
                    .contains("simulates a host running a Xen-style paravirtualized hypervisor")
                    .contains(
                            "  run        Run a scenario and print what happened.",
                            "  replay     Replay a run's journal and report the first divergence.",
                            "  scenarios  List the built-in scenarios.")
                    .contains("Exit codes:", "2   usage or input error");
            assertThat(run.err()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"run", "replay", "scenarios"})
        void everyCommandHasHelpThatSaysWhatItDoes(String command) {
            CommandLineRun run = pvsim(command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: pvsim " + command, "-h, --help");
            assertThat(run.out().lines().findFirst().orElseThrow())
                    .as("a one-line summary")
                    .isNotBlank();
            assertThat(pvsim("help", command).out()).isEqualTo(run.out());
        }

        @Test
        void runsHelpDescribesEveryOption() {
            assertThat(pvsim("run", "--help").out())
                    .contains("[SCENARIO]", "--seed=N", "--duration=TIME", "--out=DIR", "--audit", "Default: default");
        }

        @Test
        void versionPrintsTheVersion() {
            CommandLineRun run = pvsim("--version");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("pvsim dev\n");
        }

        @Test
        void noCommandIsAUsageError() {
            CommandLineRun run = pvsim();
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("pvsim: a command is needed\nUsage: pvsim");
        }

        @Test
        void anUnknownCommandIsAUsageErrorWithASuggestion() {
            CommandLineRun run = pvsim("rn");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .startsWith("pvsim: Unmatched argument at index 0: 'rn'")
                    .contains("Did you mean: pvsim run?")
                    .endsWith("Try 'pvsim --help' for more information.\n");
        }
    }

    @Nested
    class Run {

        @Test
        void runWithoutAScenarioRunsTheBuiltinDefaultAndPrintsTheTables() {
            CommandLineRun run = pvsim("run");
            assertThat(run.exitCode()).isZero();
            assertThat(simulation.scenario.name()).isEqualTo("default");
            assertThat(simulation.scenario.seed()).isEqualTo(1);
            assertThat(simulation.options.outDir()).isEqualTo(dir.resolve("runs/default-1"));
            assertThat(simulation.options.audit()).isFalse();
            Path runDir = dir.resolve("runs/default-1");
            assertThat(run.out())
                    .isEqualTo("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                            + "Domain-0                                     0   256     1     r-----       0.2\n"
                            + "guest-cpu                                    1    64     2     -b----       1.5\n"
                            + "guest-pagetable                              2    64     1     -b----       1.5\n"
                            + "guest-memory                                 3    64     1     -b----       1.5\n"
                            + "\n"
                            + "Name                                        ID  Hypercall                     Count\n"
                            + "Domain-0                                     0  sched_op                          5\n"
                            + "guest-cpu                                    1  mmu_update                       10\n"
                            + "guest-cpu                                    1  sched_op                          2\n"
                            + "guest-pagetable                              2  mmu_update                       10\n"
                            + "guest-pagetable                              2  sched_op                          2\n"
                            + "guest-memory                                 3  mmu_update                       10\n"
                            + "guest-memory                                 3  sched_op                          2\n"
                            + "\n"
                            + "Scheduler: credit2\n"
                            + "Name                ID Weight  Cap    CPU%   Fair%   Wake p50   Wake p99\n"
                            + "Domain-0             0    256    0    6.67       -          -          -\n"
                            + "guest-cpu            1    256    0   50.00       -          -          -\n"
                            + "guest-pagetable      2    256    0   50.00       -          -          -\n"
                            + "guest-memory         3    256    0   50.00       -          -          -\n"
                            + "\n"
                            + "Run folder: " + runDir + "\n");
            assertThat(run.err()).isEmpty();
        }

        @Test
        void runWritesTheResolvedScenarioAndStatsJson() throws IOException {
            pvsim("run");
            Path runDir = dir.resolve("runs/default-1");
            assertThat(runDir.resolve("scenario.resolved.yaml"))
                    .content()
                    .contains("name: default", "seed: 1", "name = \"guest-cpu\"", "max_grant_version = 2");
            assertThat(runDir.resolve("stats.json"))
                    .content()
                    .startsWith("{\n  \"scenario\": \"default\",\n  \"seed\": 1,");
            assertThat(runDir.resolve("journal")).isDirectory();
        }

        @Test
        void seedDurationOutAndAuditReachTheEngine() {
            Path out = dir.resolve("elsewhere");
            CommandLineRun run =
                    pvsim("run", "default", "--seed", "7", "--duration", "250ms", "--out", out.toString(), "--audit");
            assertThat(run.exitCode()).isZero();
            assertThat(simulation.scenario.seed()).isEqualTo(7);
            assertThat(simulation.scenario.durationNs()).isEqualTo(250_000_000L);
            assertThat(simulation.options.outDir()).isEqualTo(out);
            assertThat(simulation.options.audit()).isTrue();
            assertThat(out.resolve("scenario.resolved.yaml")).content().contains("seed: 7", "duration: 250ms");
            assertThat(run.out()).endsWith("Run folder: " + out + "\n");
        }

        @Test
        void theDefaultRunFolderCarriesTheOverriddenSeed() {
            pvsim("run", "--seed", "9");
            assertThat(simulation.options.outDir()).isEqualTo(dir.resolve("runs/default-9"));
        }

        @Test
        void aScenarioFileRuns() throws IOException {
            Path file = write(
                    "demo.yaml", "name: demo\nseed: 3\ndomains:\n  - config: \"name = 'web'\"\n    workload: cpu\n");
            CommandLineRun run = pvsim("run", file.toString());
            assertThat(run.exitCode()).isZero();
            assertThat(simulation.scenario.domains()).hasSize(1);
            assertThat(simulation.options.outDir()).isEqualTo(dir.resolve("runs/demo-3"));
        }

        @Test
        void scenarioWarningsArePrintedAndGoFirstInStatsJson() throws IOException {
            simulation.engineWarnings = List.of("the engine noticed something");
            Path file = write("demo.yaml", "name: demo\nhost: { scheduler: arinc653 }\n");
            CommandLineRun run = pvsim("run", file.toString());
            assertThat(run.exitCode()).isZero();
            String schedulerWarning =
                    file + ":2:20: host.scheduler: \"arinc653\" is not simulated yet; this run uses credit2";
            assertThat(run.err())
                    .isEqualTo("pvsim: warning: " + schedulerWarning + "\n"
                            + "pvsim: warning: the engine noticed something\n");
            assertThat(dir.resolve("runs/demo-1/stats.json"))
                    .content()
                    .contains("\"warnings\": [\n    \"" + schedulerWarning.replace("\"", "\\\"")
                            + "\",\n    \"the engine noticed something\"\n  ]");
        }

        @Test
        void aBadScenarioIsAnInputErrorWithItsPlaceAndNoStackTrace() throws IOException {
            Path file = write("demo.yaml", "name: demo\nduration: 5 parsecs\n");
            CommandLineRun run = pvsim("run", file.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .isEqualTo("pvsim: " + file
                            + ":2:11: duration: \"5 parsecs\" is not a duration (use ns, us, ms or s," + " e.g. 5s)\n");
            assertThat(run.out()).isEmpty();
            assertThat(simulation.scenario).isNull();
        }

        @Test
        void aBadXlCfgIsAnInputError() throws IOException {
            write("guests/web.cfg", "name = web\n");
            Path file = write("demo.yaml", "domains:\n  - file: guests/web.cfg\n    workload: cpu\n");
            CommandLineRun run = pvsim("run", file.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .isEqualTo(
                            "pvsim: " + dir.resolve("guests/web.cfg") + ":1:8: expected a value after '=', found bare"
                                    + " word 'web' (strings need quotes: \"web\")\n");
        }

        @Test
        void anUnknownScenarioIsAnInputErrorListingTheBuiltins() {
            CommandLineRun run = pvsim("run", "nope");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .isEqualTo(
                            "pvsim: no scenario file \"nope\" and no built-in scenario of that name (built-in scenarios:"
                                    + " default, fairness, pingpong, share, disk, net)\n");
        }

        @Test
        void badOptionValuesAreUsageErrors() {
            CommandLineRun badDuration = pvsim("run", "--duration", "5 parsecs");
            assertThat(badDuration.exitCode()).isEqualTo(2);
            assertThat(badDuration.err())
                    .isEqualTo(
                            "pvsim: Invalid value for option '--duration': \"5 parsecs\" is not a duration (use ns, us,"
                                    + " ms or s, e.g. 5s)\nTry 'pvsim run --help' for more information.\n");
            CommandLineRun badSeed = pvsim("run", "--seed", "-1");
            assertThat(badSeed.exitCode()).isEqualTo(2);
            assertThat(badSeed.err())
                    .startsWith("pvsim: Invalid value for option '--seed': the seed must be 0 or more (is -1)");
            CommandLineRun wordSeed = pvsim("run", "--seed", "abc");
            assertThat(wordSeed.exitCode()).isEqualTo(2);
            assertThat(wordSeed.err())
                    .startsWith("pvsim: Invalid value for option '--seed': \"abc\" is not a whole number");
            assertThat(simulation.scenario).isNull();
        }

        @Test
        void anUnknownOptionIsAUsageErrorWithASuggestion() {
            CommandLineRun run = pvsim("run", "--sed", "4");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("pvsim: Unknown option: '--sed'").contains("--seed");
        }

        @Test
        void twoScenariosAreAUsageError() {
            assertThat(pvsim("run", "a", "b").exitCode()).isEqualTo(2);
        }

        @Test
        void anEngineFailureExitsWithOneAndItsReport() {
            simulation.failure = new RunFailedException(
                    "audit: invariant I1 violated at record 17\n  frame 0x42: count 2, expected 1");
            CommandLineRun run = pvsim("run", "--audit");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .isEqualTo(
                            "pvsim: run failed: audit: invariant I1 violated at record 17\n  frame 0x42: count 2, expected 1\n"
                                    + "pvsim: run folder: " + dir.resolve("runs/default-1") + "\n");
            assertThat(run.out()).isEmpty();
            assertThat(dir.resolve("runs/default-1/scenario.resolved.yaml")).exists();
            assertThat(dir.resolve("runs/default-1/stats.json")).doesNotExist();
        }

        @Test
        void anUnexpectedExceptionIsAnInternalErrorWithItsTrace() {
            simulation.crash = "boom";
            CommandLineRun run = pvsim("run");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .startsWith("pvsim: internal error (a bug in pvsim; please report it with the trace below):"
                            + " java.lang.IllegalStateException: boom\n")
                    .contains("\tat org.pvsim.dom0.cli.FakeSimulation.run(");
        }

        @Test
        void withoutAnEngineRunFailsClearly() {
            CommandLineRun run = CommandLineRun.execute(EngineServices.none(), dir.resolve("runs"), "run");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .isEqualTo("pvsim: this build has no simulation engine: no implementation of"
                            + " org.pvsim.dom0.scenario.WorkloadCatalog is registered (META-INF/services); it arrives"
                            + " with the engine in org.pvsim.dom0.boot\n");
        }

        @Test
        void aPreviousRunInTheFolderIsReplaced() throws IOException {
            pvsim("run");
            Path runDir = dir.resolve("runs/default-1");
            Files.writeString(runDir.resolve("journal/old-record"), "x");
            CommandLineRun again = pvsim("run");
            assertThat(again.exitCode()).isZero();
            assertThat(runDir.resolve("journal/old-record")).doesNotExist();
        }

        @Test
        void aFolderHoldingOtherFilesIsRefusedNotEmptied() throws IOException {
            Path mine = write("mine/notes.txt", "precious");
            CommandLineRun run = pvsim("run", "--out", mine.getParent().toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .isEqualTo("pvsim: " + mine.getParent() + " is not a pvsim run folder (it holds notes.txt); choose"
                            + " another --out or empty it\n");
            assertThat(mine).hasContent("precious");
            assertThat(simulation.scenario).isNull();
        }

        @Test
        void aFileAsTheRunFolderIsRefused() throws IOException {
            Path file = write("taken", "x");
            CommandLineRun run = pvsim("run", "--out", file.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("pvsim: " + file + " is a file, not a folder; choose another --out\n");
        }
    }

    @Nested
    class Replay {

        Path runDir() throws IOException {
            Path runDir = dir.resolve("runs/default-1");
            Files.createDirectories(runDir.resolve("journal"));
            return runDir;
        }

        @Test
        void aCleanReplayPrintsTheRecordCountAndExitsWithZero() throws IOException {
            Path runDir = runDir();
            CommandLineRun run = pvsim("replay", runDir.toString());
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("1234 records replayed, 0 divergences\n");
            assertThat(replayer.runDir).isEqualTo(runDir);
        }

        @Test
        void aDivergencePrintsItAndExitsWithOne() throws IOException {
            replayer.outcome = new ReplayOutcome.Diverged(
                    17, "divergence at record 17: dom1 vcpu0 mmu_update: expected 0, got -22");
            CommandLineRun run = pvsim("replay", runDir().toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEqualTo("divergence at record 17: dom1 vcpu0 mmu_update: expected 0, got -22\n");
        }

        @Test
        void anUnreadableJournalIsAnInputError() throws IOException {
            replayer.outcome = new ReplayOutcome.Unreadable("journal truncated at record 99");
            CommandLineRun run = pvsim("replay", runDir().toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("pvsim: journal truncated at record 99\n");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void aMissingFolderOrJournalIsAnInputError() throws IOException {
            CommandLineRun missing = pvsim("replay", dir.resolve("nope").toString());
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err()).isEqualTo("pvsim: no such run folder: " + dir.resolve("nope") + "\n");
            Path bare = Files.createDirectories(dir.resolve("bare"));
            CommandLineRun noJournal = pvsim("replay", bare.toString());
            assertThat(noJournal.exitCode()).isEqualTo(2);
            assertThat(noJournal.err())
                    .isEqualTo("pvsim: " + bare + " has no journal/ folder: is it a pvsim run folder?\n");
            assertThat(replayer.runDir).isNull();
        }

        @Test
        void aMissingArgumentIsAUsageError() {
            CommandLineRun run = pvsim("replay");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("pvsim: Missing required parameter: 'RUN-DIR'");
        }

        @Test
        void withoutAnEngineReplayFailsClearly() throws IOException {
            CommandLineRun run =
                    CommandLineRun.execute(EngineServices.none(), dir.resolve("runs"), "replay", runDir().toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("no implementation of org.pvsim.dom0.run.JournalReplayer");
        }
    }

    @Nested
    class Scenarios {

        @Test
        void scenariosListsTheBuiltinsOneLineEach() {
            CommandLineRun run = pvsim("scenarios");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out())
                    .isEqualTo("default   dom0 and three PV domUs running the cpu, pagetable and memory workloads for 3"
                            + " virtual seconds\n"
                            + "fairness  two CPU hogs weighted 2:1, a hog capped at 25%, and an interactive domain, on 2"
                            + " pCPUs\n"
                            + "pingpong  two domUs bounce an event-channel notification 10000 times and report the"
                            + " round-trip time\n"
                            + "share     two domUs share 16 pages through grant tables, map, read, write back and"
                            + " unmap them, and check the data\n"
                            + "disk      checksummed block I/O through blkfront/blkback while the backend is killed and"
                            + " restarted\n"
                            + "net       two domUs exchange echo frames through netfront, netback and dom0's bridge, and"
                            + " report the round trip\n");
        }

        @Test
        void scenariosNeedsNoEngine() {
            assertThat(CommandLineRun.execute(EngineServices.none(), dir, "scenarios")
                            .exitCode())
                    .isZero();
        }
    }
}
