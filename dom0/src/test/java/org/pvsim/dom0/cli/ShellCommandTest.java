package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.boot.CatalogOfGuestWorkloads;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioLoader;
import picocli.CommandLine;

/** {@code pvsim shell} driven by a script on its standard input, with the real engine. */
class ShellCommandTest {

    @TempDir
    Path dir;

    static final String SCENARIO = """
            name: two
            duration: 5s
            host: { pcpus: 2, scheduler: credit2 }
            domains:
              - config: 'name = "web"'
                workload: cpu
              - config: 'name = "db"'
                workload: cpu
            """;

    CommandLineRun shell(String script, String... args) {
        CommandLine cl = PvsimCommand.commandLine(
                EngineServices.discover(),
                dir.resolve("runs"),
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "shell";
        System.arraycopy(args, 0, all, 1, args.length);
        return new CommandLineRun(cl.execute(all), out.toString(), err.toString());
    }

    Path scenario() throws IOException {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, SCENARIO);
        return file;
    }

    @Test
    void xlCommandsRunInDom0AndTimeMovesOnlyWhenAsked() throws IOException {
        CommandLineRun r = shell("""
                time
                advance 1s
                xl sched-credit2 -d web -w 512
                sched-credit2 -d web
                time
                """, scenario().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("""
                        pvsim 0.000000000s> time
                        virtual time: 0.000000000 s
                        pvsim 0.000000000s> advance 1s
                        virtual time: 1.000000000 s
                        pvsim 1.000000000s> xl sched-credit2 -d web -w 512
                        pvsim 1.0""");
        // the weight set by the first command is what the second reads
        assertThat(r.out()).containsPattern("(?m)^Name +ID Weight +Cap\nweb +1 +512 +0\n");
        // each command moved time only by what dom0 needed: microseconds, not the 1 s limit
        String last = r.out()
                .lines()
                .filter(l -> l.startsWith("virtual time: "))
                .reduce((a, b) -> b)
                .orElseThrow();
        long ns =
                Math.round(Double.parseDouble(last.replace("virtual time: ", "").replace(" s", "")) * 1e9);
        assertThat(ns).isGreaterThan(1_000_000_000L).isLessThan(1_001_000_000L);
    }

    @Test
    void theSameScriptGivesTheSameTranscript() throws IOException {
        String script = "advance 500ms\nvcpu-list\nadvance 1ms\nvcpu-list web\n";
        CommandLineRun a = shell(script, scenario().toString());
        CommandLineRun b = shell(script, scenario().toString());
        assertThat(a.out()).isEqualTo(b.out()).contains("web ", "db ");
    }

    @Test
    void badLinesPrintAMessageAndTheSessionGoesOn() throws IOException {
        CommandLineRun r = shell("""
                frobnicate
                xl sched-credit2 -w 5
                xl sched-credit2 -d web -q
                advance 2 parsecs
                advance 5 parsecs
                advance
                vcpu-list 'web
                xl vcpu-list --at 2s
                time now
                # a comment, and a blank line

                xl
                vcpu-list db
                """, scenario().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("""
                        pvsim: unknown xl command 'frobnicate' (xl commands: sched-credit, sched-credit2, sched-rtds, vcpu-list, vcpu-pin)
                        pvsim: xl sched-credit2: Must specify a domain.
                        pvsim: xl sched-credit2: Unknown option: '-q'
                        pvsim: usage: advance DURATION (e.g. advance 2s, advance 500ms; units ns, us, ms, s)
                        pvsim: usage: advance DURATION (e.g. advance 2s, advance 500ms; units ns, us, ms, s)
                        pvsim: usage: advance DURATION (e.g. advance 2s, advance 500ms; units ns, us, ms, s)
                        pvsim: unterminated single quote
                        pvsim: xl vcpu-list: --at belongs to `pvsim xl`; here dom0 runs the command on the live host, now
                        pvsim: time takes no arguments
                        """.replace(
                        "xl commands: sched-credit, sched-credit2, sched-rtds, vcpu-list, vcpu-pin",
                        "xl commands: " + String.join(", ", XlLineParsers.names())));
        assertThat(r.out())
                .contains("xl commands (type them with or without xl")
                .containsPattern("(?m)^db +2 +0 ");
    }

    @Test
    void quietEchoesNothingAndExitEndsTheSession() throws IOException {
        CommandLineRun r = shell("advance 1ms\ntime\nexit\ntime\n", scenario().toString(), "--quiet");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("virtual time: 0.001000000 s\nvirtual time: 0.001000000 s\n");
    }

    @Test
    void xlHelpAndTheShellsHelp() throws IOException {
        CommandLineRun r = shell("help\nvcpu-pin --help\n", scenario().toString(), "-q");
        assertThat(r.out())
                .contains("advance DURATION", "save-run [DIR]", "  xl vcpu-list ")
                .contains("Usage: xl vcpu-pin [-fh] [ARG...]")
                .doesNotContain("--scenario");
    }

    @Test
    void saveRunWritesARunFolderThatReplaysAndRunsAgain() throws Exception {
        Path saved = dir.resolve("saved");
        CommandLineRun r = shell(
                "save-run " + saved
                        + "\nadvance 1s\nsched-credit2 -d web -w 512\nadvance 10ms\nvcpu-list web\nsave-run " + saved
                        + "\nadvance 1ms\n",
                scenario().toString(),
                "-q");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).startsWith("pvsim: save-run: nothing has run yet (virtual time is 0)");
        assertThat(r.out()).contains("Run folder: " + saved + " (");
        assertThat(saved.resolve("journal")).isDirectory();
        assertThat(saved.resolve("stats.json")).content().contains("\"xl_actions\"", "\"virtual_ns\": 1010");
        assertThat(saved.resolve("xl-actions.log"))
                .content()
                .startsWith("[1.0")
                .contains("] # xl sched-credit2 -d web -w 512\n", "] # xl vcpu-list web\nName ");

        // pvsim replay accepts the journal
        CommandLineRun replay = CommandLineRun.execute(EngineServices.discover(), dir, "replay", saved.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).endsWith(" records replayed, 0 divergences\n");

        // the resolved scenario holds the session's commands as actions, and pvsim run of it does them again
        ResolvedScenario again = new ScenarioLoader(new CatalogOfGuestWorkloads(), XlLineParsers.PARSER)
                .loadFile(saved.resolve("scenario.resolved.yaml"));
        assertThat(again.actions())
                .extracting(a -> a.xl())
                .containsExactly("sched-credit2 -d web -w 512", "vcpu-list web");
        assertThat(again.actions().get(0).atNs()).isEqualTo(1_000_000_000L);
        Path rerun = dir.resolve("rerun");
        CommandLineRun run = CommandLineRun.execute(
                EngineServices.discover(),
                dir,
                "run",
                saved.resolve("scenario.resolved.yaml").toString(),
                "--out",
                rerun.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("xl actions (output in xl-actions.log):", "xl sched-credit2 -d web -w 512");
        // The rerun has no prompts: dom0 does not wake at the session's abandoned ones, so with xenstore traffic in
        // the host the commands may finish a few microseconds apart. What each command printed is the same.
        assertThat(withoutTimes(rerun.resolve("xl-actions.log")))
                .isEqualTo(withoutTimes(saved.resolve("xl-actions.log")));
    }

    @Test
    void aBadScenarioIsExit2AndNoEngineExit1() throws IOException {
        CommandLineRun bad = shell("", dir.resolve("missing.yaml").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("pvsim: no scenario file");
        CommandLine cl = PvsimCommand.commandLine(EngineServices.none(), dir, new ByteArrayInputStream(new byte[0]));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("shell")).isEqualTo(1);
        assertThat(err.toString()).startsWith("pvsim: this build has no simulation engine");
    }

    /** An xl-actions.log without the {@code [seconds]} stamps of its command lines. */
    private static String withoutTimes(Path log) throws java.io.IOException {
        return java.nio.file.Files.readString(log).replaceAll("(?m)^\\[[0-9.]+\\] ", "");
    }
}
