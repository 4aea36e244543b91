package org.pvsim.dom0.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pvsim journal SUBCOMMAND}: reads a run's journal without writing Java. On its own it prints its usage and
 * exits with 2.
 */
@Command(
        name = "journal",
        header = "Read a run's journal.",
        description = "Reads RUN-DIR/journal, the record of everything that entered the hypervisor during a run"
                + " (docs/journal.md describes the records).",
        synopsisSubcommandLabel = "SUBCOMMAND",
        subcommands = {JournalDumpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:no engine in this build",
            "2:usage or input error (bad option, no such run folder, damaged or other-version journal)"
        })
final class JournalCommandGroup implements Callable<Integer> {

    @ParentCommand
    PvsimCommand parent;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("pvsim: a journal subcommand is needed");
        commandLine.usage(commandLine.getErr());
        return ExitStatus.INPUT_ERROR;
    }
}
