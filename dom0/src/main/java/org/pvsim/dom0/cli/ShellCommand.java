package org.pvsim.dom0.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.LiveHost;
import org.pvsim.dom0.run.LiveHosts;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.scenario.BuiltinScenarios;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioException;
import org.pvsim.dom0.scenario.ScenarioLoader;
import org.pvsim.dom0.scenario.WorkloadCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pvsim shell [SCENARIO] [--seed N] [--quiet]}: an interactive session at dom0's prompt on a live simulated
 * host ({@code docs/shell.md}). On a terminal it reads lines with JLine (editing, history, completion) after a prompt
 * showing the virtual time; from a script it reads plain lines and echoes each after the prompt, so that the output
 * reads as a transcript ({@code --quiet}: no echo, only what the commands print).
 */
@Command(
        name = "shell",
        header = "An interactive session on a live simulated host: xl commands, advance, save-run.",
        description = {
            "Boots the scenario's host as pvsim run does (dom0 creates the domains as soon as the host first runs) and"
                    + " reads commands: xl commands (with or without 'xl'), which dom0's toolstack runs at once;"
                    + " 'advance DURATION', which runs the host that long; 'time'; 'save-run [DIR]', which writes a"
                    + " run folder of the session so far (replayable with pvsim replay); 'help'; 'exit'.",
            "Virtual time moves only when asked: by advance, and by what dom0 needs to run an xl command.",
            "Read from a terminal, lines can be edited and recalled; read from a script (pvsim shell < FILE), each"
                    + " line is echoed after the prompt unless --quiet is given. Lines starting with # are comments."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the session ended (exit, quit or end of input); bad lines do not change this",
            "1:the host failed during the session (hypervisor bug, dom0 shut down), or no engine in this build",
            "2:usage or input error (bad option or scenario)"
        })
final class ShellCommand implements Callable<Integer> {

    @ParentCommand
    PvsimCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SCENARIO",
            defaultValue = BuiltinScenarios.DEFAULT,
            description = "A scenario file (YAML), or the name of a built-in scenario (see: pvsim scenarios)."
                    + " Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(
            names = "--seed",
            paramLabel = "N",
            converter = SeedConverter.class,
            description = "Seed for every random choice (0 or more); replaces the scenario's seed.")
    Long seed;

    @Option(
            names = {"-q", "--quiet"},
            description = "When reading a script, do not echo each line after the prompt.")
    boolean quiet;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineServices engine = parent.engine();
        Optional<WorkloadCatalog> workloads = engine.workloads();
        Optional<LiveHosts> hosts = engine.liveHosts();
        if (workloads.isEmpty() || hosts.isEmpty()) {
            err.println(
                    "pvsim: " + EngineServices.missing(workloads.isEmpty() ? WorkloadCatalog.class : LiveHosts.class));
            return ExitStatus.FAILED;
        }
        ResolvedScenario resolved;
        try {
            resolved = new ScenarioLoader(workloads.get(), XlLineParsers.PARSER).load(scenario);
        } catch (ScenarioException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.INPUT_ERROR;
        }
        if (seed != null) {
            resolved = resolved.withSeed(seed);
        }
        for (String warning : resolved.warnings()) {
            err.println("pvsim: warning: " + warning);
        }
        err.flush();
        LiveHost host;
        try {
            host = hosts.get().start(resolved);
        } catch (RunFailedException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        try (host;
                ShellInput input = input(err)) {
            ShellInterpreter shell = new ShellInterpreter(host, resolved, parent.runsFolder(), out, err);
            if (input.interactive()) {
                out.println("pvsim shell: scenario " + resolved.name() + ", seed " + resolved.seed()
                        + ". Type help for the commands, exit or Ctrl-D to leave.");
                out.flush();
            }
            while (!shell.finished()) {
                String prompt = shell.prompt();
                String line = input.readLine(prompt);
                if (line == null) {
                    break;
                }
                if (!input.interactive() && !quiet && !line.isBlank()) {
                    out.println(prompt + line);
                    out.flush();
                }
                shell.execute(line);
            }
            return shell.exitStatus();
        }
    }

    private ShellInput input(PrintWriter err) {
        if (parent.stdinIsTerminal()) {
            try {
                List<String> words = new ArrayList<>(ShellInterpreter.BUILTINS);
                words.add("xl");
                words.addAll(XlLineParsers.names());
                return ShellInput.terminal(words);
            } catch (IOException e) {
                err.println("pvsim: warning: no line editing (" + e.getMessage() + "); reading plain lines");
            }
        }
        return ShellInput.plain(parent.stdin());
    }
}
