package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
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
import picocli.CommandLine.Spec;

/**
 * What every {@code pvsim xl} subcommand does once picocli has read its arguments: build the {@link XlCommand} (whose
 * checks are xl's; a refusal is a usage error with xl's message, exit 2), load the scenario, have the engine run the
 * command in dom0 at {@code --at}, and print xl's output (stdout) and errors (stderr) in the order xl wrote them,
 * exiting with xl's status.
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
        XlCommand command;
        try {
            command = command();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
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
            scenario = new ScenarioLoader(workloads.get()).load(host.scenario);
        } catch (ScenarioException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.INPUT_ERROR;
        }
        if (host.seed != null) {
            scenario = scenario.withSeed(host.seed);
        }
        for (String warning : scenario.warnings()) {
            err.println("pvsim: warning: " + warning);
        }
        XlOutcome outcome;
        try {
            outcome = xl.get().run(scenario, host.atNs, command);
        } catch (RunFailedException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        for (String warning : outcome.warnings()) {
            err.println("pvsim: warning: " + warning);
        }
        err.flush();
        for (XlChunk chunk : outcome.transcript()) {
            PrintWriter stream = chunk.stderr() ? err : out;
            stream.print(chunk.text());
            stream.flush();
        }
        return outcome.exitCode();
    }
}
