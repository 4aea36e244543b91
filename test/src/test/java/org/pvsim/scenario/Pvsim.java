package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.pvsim.dom0.cli.PvsimCommand;
import org.pvsim.dom0.run.EngineServices;
import picocli.CommandLine;

/** Runs the {@code pvsim} command line in-process with the real engine, capturing its output and exit code. */
record Pvsim(int exitCode, String out, String err) {
    static Pvsim run(Path runsFolder, String... args) {
        CommandLine cl = PvsimCommand.commandLine(EngineServices.discover(), runsFolder);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Pvsim(code, out.toString(), err.toString());
    }

    /** The {@code stats.json} a run wrote to {@code runDir}. */
    static JsonNode stats(Path runDir) throws IOException {
        return new ObjectMapper().readTree(runDir.resolve("stats.json").toFile());
    }

    /**
     * Checks what every scenario promises: runs {@code a} and {@code b} of the same command wrote the same journal
     * digest, and {@code a}'s journal replays with 0 divergences (every record but the END record is replayed).
     */
    static void assertDeterministicAndReplaysWithoutDivergence(Path runsFolder, Path a, Path b) throws IOException {
        assertThat(stats(b).get("journal_sha256").asText())
                .isEqualTo(stats(a).get("journal_sha256").asText());
        assertReplaysWithoutDivergence(runsFolder, a);
    }

    /** Checks that the journal of the run in {@code runDir} replays with 0 divergences. */
    static void assertReplaysWithoutDivergence(Path runsFolder, Path runDir) throws IOException {
        Pvsim replay = Pvsim.run(runsFolder, "replay", runDir.toString());
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        long records = stats(runDir).get("journal_records").asLong();
        // the END record is not replayed
        assertThat(replay.out()).contains((records - 1) + " records replayed, 0 divergences");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
