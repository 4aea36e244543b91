package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlSession;
import org.pvsim.dom0.toolstack.XlChunk;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlCpuList;

/**
 * {@code pvsim xl}: what each subcommand hands the engine, xl's argument checks as usage errors (exit 2), and how the
 * engine's answer is printed (both streams in order, xl's exit status).
 */
class XlCommandLineTest {
    @TempDir
    Path dir;

    FakeXlRunner xl;
    EngineServices engine;

    @BeforeEach
    void engine() {
        xl = new FakeXlRunner();
        engine = EngineServices.of(
                new FakeSimulation(), new FakeReplayer(), new org.pvsim.dom0.boot.CatalogOfGuestWorkloads(), xl);
    }

    CommandLineRun pvsim(String... args) {
        return CommandLineRun.execute(engine, dir.resolve("runs"), args);
    }

    @Test
    void eachSubcommandHandsTheEngineTheCommandXlWouldRun() {
        assertThat(pvsim("xl", "sched-credit", "-d", "web", "-w", "512", "-c", "50")
                        .exitCode())
                .isZero();
        assertThat(xl.command())
                .isEqualTo(new XlCommand.SchedCredit(
                        Optional.of("web"),
                        OptionalInt.of(512),
                        OptionalInt.of(50),
                        false,
                        OptionalInt.empty(),
                        OptionalInt.empty(),
                        OptionalInt.empty()));
        assertThat(xl.atNs).as("--at defaults to 1 s").isEqualTo(1_000_000_000L);
        assertThat(xl.scenario.name()).isEqualTo("default");

        pvsim("xl", "sched-credit2", "-s", "-r", "2000", "--at", "250ms");
        assertThat(xl.command().argv()).containsExactly("xl", "sched-credit2", "-s", "-r", "2000");
        assertThat(xl.atNs).isEqualTo(250_000_000L);

        pvsim("xl", "sched-rtds", "-d", "1", "-v", "0", "-p", "20000", "-b", "5000", "-e", "0");
        assertThat(xl.command())
                .isEqualTo(new XlCommand.SchedRtds(
                        Optional.of("1"), List.of(0), false, List.of(20000), List.of(5000), List.of(0)));

        pvsim("xl", "vcpu-list", "web", "db");
        assertThat(xl.command()).isEqualTo(new XlCommand.VcpuList(List.of("web", "db")));

        pvsim("xl", "vcpu-pin", "web", "all", "0-3,^1", "-");
        assertThat(xl.command())
                .isEqualTo(new XlCommand.VcpuPin(
                        "web", -1, Optional.of(XlCpuList.parse("0-3,^1")), Optional.empty(), false));
    }

    @Test
    void xlsArgumentChecksAreUsageErrors() {
        String[][] cases = {
            {"Must specify a domain.", "xl", "sched-credit", "-w", "5"},
            {"Must specify schedparam to set schedule parameter values.", "xl", "sched-credit", "-t", "10"},
            {
                "Incorrect number of period, budget and extratime",
                "xl",
                "sched-rtds",
                "-d",
                "1",
                "-v",
                "0",
                "-p",
                "10",
                "-b",
                "5"
            },
            {"Invalid extratime.", "xl", "sched-rtds", "-d", "1", "-v", "0", "-p", "10", "-b", "5", "-e", "2"},
            {"'xl vcpu-pin' requires at least 3 arguments.", "xl", "vcpu-pin", "web", "0"},
            {"Error: Invalid argument x as VCPU.", "xl", "vcpu-pin", "web", "x", "1"},
            {"Invalid pcpu range: 3-1.", "xl", "vcpu-pin", "web", "0", "3-1"},
            {"Can't combine \"^\" and \"all\".", "xl", "vcpu-pin", "web", "0", "1", "^all"},
            {"Error: --force and 'all' as VCPU not allowed.", "xl", "vcpu-pin", "-f", "web", "all", "1"},
        };
        for (String[] c : cases) {
            CommandLineRun run = pvsim(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertThat(run.exitCode()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(run.err())
                    .as(String.join(" ", c))
                    .startsWith("pvsim: " + c[0] + "\n")
                    .contains("--help");
        }
        assertThat(xl.command()).as("nothing ran").isNull();

        CommandLineRun badNumber = pvsim("xl", "sched-credit", "-d", "1", "-w", "lots");
        assertThat(badNumber.exitCode()).isEqualTo(2);
        assertThat(badNumber.err()).contains("'lots' is not an int");
    }

    @Test
    void xlsOutputAndStatusArePassedOnInOrder() {
        xl.session = new XlSession(
                List.of(new XlOutcome(
                        1, "Name\n", "oops\n", 5, List.of(new XlChunk(false, "Name\n"), new XlChunk(true, "oops\n")))),
                List.of("web: cap=50 is ignored"));
        CommandLineRun run = pvsim("xl", "sched-credit", "-d", "web");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Name\n");
        assertThat(run.err()).isEqualTo("pvsim: warning: web: cap=50 is ignored\noops\n");
    }

    @Test
    void aRunFailureOrAMissingEngineIsExit1AndABadScenarioExit2() {
        xl.failure = new RunFailedException("dom0 did not run `xl vcpu-list` within 1 s");
        CommandLineRun failed = pvsim("xl", "vcpu-list");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).isEqualTo("pvsim: dom0 did not run `xl vcpu-list` within 1 s\n");

        CommandLineRun noScenario = pvsim("xl", "vcpu-list", "--scenario", "no-such-scenario");
        assertThat(noScenario.exitCode()).isEqualTo(2);
        assertThat(noScenario.err()).startsWith("pvsim: ");

        CommandLineRun none = CommandLineRun.execute(EngineServices.none(), dir, "xl", "vcpu-list");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("no simulation engine");
    }

    @Test
    void severalSubcommandsRunInOrderAndShareTheHostOptions() {
        CommandLineRun run = pvsim(
                "xl",
                "vcpu-pin",
                "web",
                "0",
                "1",
                "vcpu-list",
                "web",
                "--at",
                "2s",
                "sched-credit2",
                "-d",
                "web",
                "--scenario",
                "default",
                "vcpu-list");

        assertThat(run.exitCode()).isZero();
        assertThat(xl.commands)
                .containsExactly(
                        new XlCommand.VcpuPin("web", 0, Optional.of(XlCpuList.parse("1")), Optional.empty(), false),
                        new XlCommand.VcpuList(List.of("web")),
                        new XlCommand.SchedCredit2(
                                Optional.of("web"),
                                OptionalInt.empty(),
                                OptionalInt.empty(),
                                false,
                                OptionalInt.empty()),
                        new XlCommand.VcpuList(List.of()));
        assertThat(xl.atNs).isEqualTo(2_000_000_000L);
        assertThat(run.out()).isEqualTo("vcpu-pin\nvcpu-list\nsched-credit2\nvcpu-list\n");

        CommandLineRun twice = pvsim("xl", "vcpu-list", "--at", "1s", "vcpu-list", "--at", "2s");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).startsWith("pvsim: --at is given more than once: give it once, for all commands");
    }

    @Test
    void xlAloneListsItsSubcommands() {
        CommandLineRun run = pvsim("xl");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("sched-credit", "sched-credit2", "sched-rtds", "vcpu-list", "vcpu-pin");
        CommandLineRun help = pvsim("xl", "vcpu-pin", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--scenario", "--at", "Default: 1s");
    }
}
