package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.run.EngineServices;

/** A scenario's timed xl commands during {@code pvsim run}, with the real engine. */
class RunActionsTest {

    @TempDir
    Path dir;

    static final String SCENARIO = """
            name: acts
            duration: 2s
            host: { pcpus: 2, scheduler: credit2 }
            domains:
              - config: 'name = "web"'
                workload: cpu
              - config: 'name = "db"'
                workload: cpu
            actions:
              - at: 1s
                xl: "sched-credit2 -d web -w 512"
              - at: 1500ms
                xl: "sched-credit2 -d web"
              - at: 1500ms
                xl: "sched-credit2 -d nosuch"
            """;

    @Test
    void actionsRunAtTheirTimesAndTheRunReportsThem() throws IOException {
        Path file = dir.resolve("acts.yaml");
        Files.writeString(file, SCENARIO);
        Path out = dir.resolve("out");
        CommandLineRun r =
                CommandLineRun.execute(EngineServices.discover(), dir, "run", file.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern(
                        "xl actions \\(output in xl-actions.log\\):\n +1\\.0\\d{8}  xl sched-credit2 -d web -w 512\n"
                                + " +1\\.5\\d{8}  xl sched-credit2 -d web\n +1\\.5\\d{8}  xl sched-credit2 -d nosuch  \\(exit 1\\)\n");
        String log = Files.readString(out.resolve("xl-actions.log"));
        assertThat(log)
                .containsPattern(
                        "(?m)^\\[1\\.5\\d{8}\\] # xl sched-credit2 -d web\nName +ID Weight +Cap\nweb +1 +512 +0\n")
                .contains("# xl sched-credit2 -d nosuch\n")
                .containsPattern("\\] exit 1\n$");
        String stats = Files.readString(out.resolve("stats.json"));
        // the weight stays set to the end of the run
        assertThat(stats).containsPattern("\"name\": \"web\",\\s+\"weight\": 512");
        assertThat(stats)
                .contains("\"xl_actions\"", "\"at_ns\": 1000000000", "\"xl\": \"sched-credit2 -d web -w 512\"");
        // the resolved scenario keeps the actions
        assertThat(out.resolve("scenario.resolved.yaml"))
                .content()
                .contains("actions:\n- at: 1s\n  xl: sched-credit2 -d web -w 512\n- at: 1500ms\n");
    }

    @Test
    void anActionAfterAShortenedRunIsReportedAsNotRun() throws IOException {
        Path file = dir.resolve("acts.yaml");
        Files.writeString(file, SCENARIO);
        Path out = dir.resolve("out");
        CommandLineRun r = CommandLineRun.execute(
                EngineServices.discover(),
                dir,
                "run",
                file.toString(),
                "--duration",
                "1200ms",
                "--out",
                out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("pvsim: warning: the action at 1.500000000 s (xl sched-credit2 -d web) did not run");
        assertThat(r.out()).contains("1.500000000  xl sched-credit2 -d web  (not run)");
        assertThat(out.resolve("xl-actions.log")).content().contains("(not run: the run ended before dom0 ran it)");
    }
}
