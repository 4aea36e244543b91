package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
import org.pvsim.dom0.run.XlSession;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioException;
import org.pvsim.dom0.scenario.ScenarioLoader;
import org.pvsim.dom0.scenario.WorkloadCatalog;
import org.pvsim.dom0.toolstack.XlChunk;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * What the {@code pvsim xl} subcommands do once picocli has read their arguments. picocli calls each subcommand of
 * the line; the last one gathers every subcommand given ({@code pvsim xl vcpu-pin web 0 1 vcpu-list web}), builds their {@link
 * XlCommand}s (whose checks are xl's; a refusal is a usage error with xl's message, exit 2), loads the scenario, has
 * the engine run the commands in dom0 at {@code --at}, and prints xl's output (stdout) and errors (stderr) in the
 * order xl wrote them, exiting with the highest of xl's statuses.
 */
abstract class XlSubcommand implements Callable<Integer> {

    @ParentCommand
    XlCommandGroup group;

    @Spec
    CommandSpec spec;

    @Mixin
    XlHostOptions host;

    /**
     * The command the arguments describe.
     *
     * @throws IllegalArgumentException with xl's message, for arguments xl refuses
     */
    abstract XlCommand command();

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<XlSubcommand> all = new ArrayList<>();
        for (ParseResult p : group.spec.commandLine().getParseResult().subcommands()) {
            all.add((XlSubcommand) p.commandSpec().userObject());
        }
        if (all.get(all.size() - 1) != this) {
            return ExitStatus.OK; // picocli calls every subcommand given; the last one runs them all
        }
        List<XlCommand> commands =
                XlLineParsers.commands(group.spec.commandLine().getParseResult().subcommands());
        XlHostOptions options = hostOptions(all);
        EngineServices engine = group.parent.engine();
        Optional<WorkloadCatalog> workloads = engine.workloads();
        Optional<XlRunner> xl = engine.xl();
        if (workloads.isEmpty() || xl.isEmpty()) {
            err.println(
                    "pvsim: " + EngineServices.missing(workloads.isEmpty() ? WorkloadCatalog.class : XlRunner.class));
            return ExitStatus.FAILED;
        }
        ResolvedScenario scenario;
        try {
            scenario = new ScenarioLoader(workloads.get(), XlLineParsers.PARSER).load(options.scenario);
        } catch (ScenarioException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.INPUT_ERROR;
        }
        if (options.seed != null) {
            scenario = scenario.withSeed(options.seed);
        }
        for (String warning : scenario.warnings()) {
            err.println("pvsim: warning: " + warning);
        }
        XlSession session;
        try {
            session = xl.get().run(scenario, options.atNs, commands);
        } catch (RunFailedException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        for (String warning : session.warnings()) {
            err.println("pvsim: warning: " + warning);
        }
        err.flush();
        for (XlOutcome outcome : session.outcomes()) {
            for (XlChunk chunk : outcome.transcript()) {
                PrintWriter stream = chunk.stderr() ? err : out;
                stream.print(chunk.text());
                stream.flush();
            }
        }
        return session.exitCode();
    }

    /** The host options, which may be given once, with any of the subcommands. */
    private static XlHostOptions hostOptions(List<XlSubcommand> all) {
        XlSubcommand scenario = given(all, "--scenario");
        XlSubcommand at = given(all, "--at");
        XlSubcommand seed = given(all, "--seed");
        XlHostOptions o = new XlHostOptions();
        XlHostOptions defaults = all.get(0).host;
        o.scenario = (scenario != null ? scenario : all.get(0)).host.scenario;
        o.atNs = (at != null ? at.host : defaults).atNs;
        o.seed = (seed != null ? seed.host : defaults).seed;
        return o;
    }

    private static XlSubcommand given(List<XlSubcommand> all, String option) {
        XlSubcommand found = null;
        for (XlSubcommand s : all) {
            if (s.spec.commandLine().getParseResult().hasMatchedOption(option)) {
                if (found != null) {
                    throw new ParameterException(
                            s.spec.commandLine(), option + " is given more than once: give it once, for all commands");
                }
                found = s;
            }
        }
        return found;
    }
}
