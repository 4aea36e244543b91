package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.toolstack.XlInfo;
import org.pvsim.dom0.toolstack.XlMemMax;
import org.pvsim.dom0.toolstack.XlTop;
import org.pvsim.dom0.toolstack.XlVcpuSet;

/** {@code pvsim xl info}, {@code top}, {@code vcpu-set} and {@code mem-max}: what each hands the engine, and refusals. */
class XlHostCommandLineTest {
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
        assertThat(pvsim("xl", "info").exitCode()).isZero();
        assertThat(xl.command()).isEqualTo(new XlInfo(Optional.empty()));
        pvsim("xl", "info", "free_memory");
        assertThat(xl.command()).isEqualTo(new XlInfo(Optional.of("free_memory")));
        pvsim("xl", "top");
        assertThat(xl.command()).isEqualTo(XlTop.defaults());
        pvsim("xl", "top", "-d", "0.5", "-i", "2");
        assertThat(xl.command()).isEqualTo(new XlTop(500_000_000L, 2));
        pvsim("xl", "vcpu-set", "web", "1");
        assertThat(xl.command()).isEqualTo(new XlVcpuSet(false, "web", "1"));
        pvsim("xl", "vcpu-set", "--ignore-host", "web", "8");
        assertThat(xl.command()).isEqualTo(new XlVcpuSet(true, "web", "8"));
        pvsim("xl", "mem-max", "web", "1g");
        assertThat(xl.command()).isEqualTo(new XlMemMax("web", "1g"));
    }

    @Test
    void missingArgumentsAndBadTopOptionsAreUsageErrors() {
        String[][] cases = {
            {"'xl vcpu-set' requires at least 2 arguments.", "xl", "vcpu-set", "web"},
            {"'xl mem-max' requires at least 2 arguments.", "xl", "mem-max", "web"},
            {"xl top: the delay is a number of seconds (3, or 0.5), not 'soon'", "xl", "top", "-d", "soon"},
            {"xl top: the delay must be at least 1 ms, not 0 ns", "xl", "top", "-d", "0"},
            {"xl top: the iterations must be at least 1, not 0", "xl", "top", "-i", "0"},
        };
        for (String[] c : cases) {
            CommandLineRun run = pvsim(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertThat(run.exitCode()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", c)).startsWith("pvsim: " + c[0] + "\n");
        }
        assertThat(xl.command()).as("nothing ran").isNull();
    }

    @Test
    void helpTextsSayWhatTheCommandsDo() {
        assertThat(pvsim("xl", "top", "--help").out()).contains("xl top [-d DELAY] [-i ITERATIONS]", "CPU(%)");
        assertThat(pvsim("xl", "vcpu-set", "--help").out()).contains("cpu/K/availability", "--ignore-host");
        assertThat(pvsim("xl", "mem-max", "--help").out()).contains("memory/static-max");
        assertThat(pvsim("xl", "info", "--help").out()).contains("xl info [NAME]");
    }
}
