package org.pvsim.dom0.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.pvsim.dom0.run.EngineServices;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pvsim}: the top command and the jar's main class. Its subcommands do the work; on its own it prints its
 * usage and exits with 2.
 */
@Command(
        name = "pvsim",
        mixinStandardHelpOptions = true,
        versionProvider = PvsimVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "pvsim simulates a host running a Xen-style paravirtualized hypervisor in virtual time: run PV"
                + " domain scenarios written with xl.cfg domain files and read what happened, or replay a run's"
                + " journal.%n",
        subcommands = {
            RunCommand.class,
            ReplayCommand.class,
            ScenariosCommand.class,
            XlCommandGroup.class,
            ShellCommand.class,
            JournalCommandGroup.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:the run failed (engine failure, audit violation, divergence)",
            "2:usage or input error (bad option, scenario, xl.cfg or journal)"
        },
        footer = {"%nSee README.md and docs/ for scenarios, xl.cfg keys and the journal."})
public final class PvsimCommand implements Callable<Integer> {

    /** Where {@code pvsim run} puts run folders when {@code --out} is not given: {@code runs/} under the working folder. */
    public static final Path DEFAULT_RUNS_FOLDER = Path.of("runs");

    private final EngineServices engine;
    private final Path runsFolder;
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    /**
     * @param engine the engine's implementations (found by {@link EngineServices#discover()} in the real program)
     * @param runsFolder where run folders go by default ({@link #DEFAULT_RUNS_FOLDER} in the real program)
     */
    public PvsimCommand(EngineServices engine, Path runsFolder) {
        this(engine, runsFolder, null);
    }

    /**
     * @param stdin what {@code pvsim shell} reads, as a script (never a terminal); {@code null} for the process's
     *     standard input, a terminal or not
     */
    private PvsimCommand(EngineServices engine, Path runsFolder, InputStream stdin) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.stdin = stdin;
    }

    /** The program: runs the command line with the engine found on the class path, and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine(EngineServices.discover()).execute(args));
    }

    /**
     * The configured command line: error handlers installed so that user errors print {@code pvsim: MESSAGE} and
     * exit with 2, and internal errors print a trace and exit with 1. Tests call this with fakes, set its output and
     * error writers, and call {@link CommandLine#execute}.
     */
    public static CommandLine commandLine(EngineServices engine) {
        return commandLine(engine, DEFAULT_RUNS_FOLDER);
    }

    /** {@link #commandLine(EngineServices)} with run folders under {@code runsFolder} by default. */
    public static CommandLine commandLine(EngineServices engine, Path runsFolder) {
        return configure(new CommandLine(new PvsimCommand(engine, runsFolder)));
    }

    /**
     * {@link #commandLine(EngineServices, Path)} whose {@code pvsim shell} reads {@code stdin} (as a script, without
     * line editing): for tests and embedding.
     */
    public static CommandLine commandLine(EngineServices engine, Path runsFolder, InputStream stdin) {
        return configure(new CommandLine(new PvsimCommand(engine, runsFolder, Objects.requireNonNull(stdin, "stdin"))));
    }

    private static CommandLine configure(CommandLine commandLine) {
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new InternalErrorHandler());
        return commandLine;
    }

    /** The engine's implementations, for the subcommands. */
    EngineServices engine() {
        return engine;
    }

    /** What {@code pvsim shell} reads. */
    InputStream stdin() {
        return stdin != null ? stdin : System.in;
    }

    /**
     * Whether {@code pvsim shell} talks to a terminal (standard input and output both are one), so that it edits lines
     * with JLine; never for a given input stream.
     */
    boolean stdinIsTerminal() {
        return stdin == null && System.console() != null;
    }

    /** Where run folders go by default, for {@code run}. */
    Path runsFolder() {
        return runsFolder;
    }

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("pvsim: a command is needed");
        commandLine.usage(commandLine.getErr());
        return ExitStatus.INPUT_ERROR;
    }
}
