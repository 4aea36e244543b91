package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pvsim.dom0.scenario.BuiltinScenario;
import org.pvsim.dom0.scenario.BuiltinScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pvsim scenarios}: lists the built-in scenarios, one line each. */
@Command(
        name = "scenarios",
        header = "List the built-in scenarios.",
        description = "Prints each built-in scenario on one line: its name and description. Run one with: pvsim run"
                + " NAME")
final class ScenariosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BuiltinScenario> scenarios = BuiltinScenarios.list();
        int width = scenarios.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (BuiltinScenario scenario : scenarios) {
            out.println(String.format("%-" + width + "s  %s", scenario.name(), scenario.description())
                    .stripTrailing());
        }
        out.flush();
        return ExitStatus.OK;
    }
}
