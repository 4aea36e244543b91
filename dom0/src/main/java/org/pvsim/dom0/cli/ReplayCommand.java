package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pvsim.dom0.run.JournalReplayer;
import org.pvsim.dom0.run.ReplayOutcome;
import org.pvsim.dom0.run.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pvsim replay RUN-DIR}: replays a run's journal and reports the first divergence, if any. */
@Command(
        name = "replay",
        header = "Replay a run's journal and report the first divergence.",
        description = "Re-drives a fresh hypervisor with the inputs recorded in RUN-DIR/journal, in recorded order,"
                + " compares every result with the recording, and prints either 'N records replayed, 0 divergences'"
                + " or the first divergence with its context.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every record replayed, no divergence",
            "1:a divergence (or no engine in this build)",
            "2:no such run folder, or a missing, truncated, corrupt or other-version journal"
        })
final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    PvsimCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "RUN-DIR",
            description = "A run folder written by pvsim run (it holds journal/), e.g. runs/default-1.")
    Path runDir;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(runDir)) {
            err.println("pvsim: no such run folder: " + runDir);
            return ExitStatus.INPUT_ERROR;
        }
        Path journal = runDir.resolve(RunOptions.JOURNAL_DIR);
        if (!Files.isDirectory(journal)) {
            err.println(
                    "pvsim: " + runDir + " has no " + RunOptions.JOURNAL_DIR + "/ folder: is it a pvsim run folder?");
            return ExitStatus.INPUT_ERROR;
        }
        Optional<JournalReplayer> replayer = parent.engine().replayer();
        if (replayer.isEmpty()) {
            err.println("pvsim: " + org.pvsim.dom0.run.EngineServices.missing(JournalReplayer.class));
            return ExitStatus.FAILED;
        }
        ReplayOutcome outcome = replayer.get().replay(runDir);
        if (outcome instanceof ReplayOutcome.Clean clean) {
            out.println(clean.records() + " records replayed, 0 divergences");
            return ExitStatus.OK;
        }
        if (outcome instanceof ReplayOutcome.Diverged diverged) {
            out.println(diverged.description());
            return ExitStatus.FAILED;
        }
        ReplayOutcome.Unreadable unreadable = (ReplayOutcome.Unreadable) outcome;
        err.println("pvsim: " + unreadable.problem());
        return ExitStatus.INPUT_ERROR;
    }
}
