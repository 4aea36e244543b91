package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pvsim.dom0.report.ConsoleFiles;
import org.pvsim.dom0.report.FairnessTableFormatter;
import org.pvsim.dom0.report.HypercallSummaryFormatter;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.report.StatsJson;
import org.pvsim.dom0.report.XlActionsLog;
import org.pvsim.dom0.report.XlListFormatter;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.dom0.run.Simulation;
import org.pvsim.dom0.scenario.BuiltinScenarios;
import org.pvsim.dom0.scenario.HostScheduler;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ResolvedScenarioWriter;
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
 * {@code pvsim run [SCENARIO] [--seed N] [--duration TIME] [--out DIR] [--audit]}: runs a scenario, writes the run
 * folder, and prints warnings (stderr), the {@code xl list} table, hypercalls per domain and the run folder (stdout).
 */
@Command(
        name = "run",
        header = "Run a scenario and print what happened.",
        description = "Boots the scenario's host, builds dom0 and its PV domUs, and simulates them for the scenario's"
                + " virtual time. Writes the run folder (scenario.resolved.yaml, stats.json, journal/, console/), then prints"
                + " the domains as 'xl list' shows them, the hypercalls each domain made, and the run folder."
                + " Warnings go to stderr.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed",
            "1:the run failed (engine failure, audit violation, or no engine in this build)",
            "2:usage or input error (bad option, scenario, xl.cfg or --out folder)"
        })
final class RunCommand implements Callable<Integer> {

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
            names = "--duration",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Virtual time to simulate, e.g. 5s, 250ms, 1.5s (units ns, us, ms, s);"
                    + " replaces the scenario's duration.")
    Long durationNs;

    @Option(
            names = "--scheduler",
            paramLabel = "NAME",
            description = "The host's scheduler (Xen's sched=): credit2, credit, rtds, null or rr; replaces the"
                    + " scenario's host.scheduler, and the default run folder becomes runs/SCENARIO-NAME-SEED.")
    String scheduler;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "The run folder to write. Default: runs/SCENARIO-SEED. A previous run there is replaced;"
                    + " a folder holding other files is refused.")
    Path out;

    @Option(
            names = "--audit",
            description = "Check the hypervisor's invariants after every hypercall; the first violation stops the run"
                    + " with the auditor's report (exit 1).")
    boolean audit;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineServices engine = parent.engine();
        Optional<WorkloadCatalog> workloads = engine.workloads();
        Optional<Simulation> simulation = engine.simulation();
        if (workloads.isEmpty() || simulation.isEmpty()) {
            Class<?> missing = workloads.isEmpty() ? WorkloadCatalog.class : Simulation.class;
            err.println("pvsim: " + EngineServices.missing(missing));
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
        if (durationNs != null) {
            resolved = resolved.withDurationNs(durationNs);
        }
        String folder = resolved.name() + "-" + resolved.seed();
        if (scheduler != null) {
            Optional<HostScheduler> chosen = HostScheduler.ofXenName(scheduler).filter(HostScheduler::simulated);
            if (chosen.isEmpty()) {
                err.println("pvsim: --scheduler " + scheduler + ": not a simulated scheduler (one of: "
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(HostScheduler.values())
                                        .filter(HostScheduler::simulated)
                                        .map(HostScheduler::xenName)
                                        .toList())
                        + ")");
                return ExitStatus.INPUT_ERROR;
            }
            resolved = resolved.withScheduler(chosen.get());
            folder = resolved.name() + "-" + scheduler + "-" + resolved.seed();
        }
        Path runDir = out != null ? out : parent.runsFolder().resolve(folder);
        try {
            RunFolder.prepare(runDir);
        } catch (RunFolderException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.INPUT_ERROR;
        }
        for (String warning : resolved.warnings()) {
            err.println("pvsim: warning: " + warning);
        }
        err.flush();

        RunReport report;
        try {
            ResolvedScenarioWriter.write(resolved, runDir.resolve(ResolvedScenarioWriter.FILE_NAME));
            report = simulation.get().run(resolved, new RunOptions(runDir, audit));
            for (String warning : report.warnings()) {
                err.println("pvsim: warning: " + warning);
            }
            report = report.withWarningsFirst(resolved.warnings());
            StatsJson.write(report, runDir.resolve(StatsJson.FILE_NAME));
            ConsoleFiles.write(report.consoles(), runDir);
            if (!report.xlActions().isEmpty()) {
                XlActionsLog.write(report.xlActions(), runDir.resolve(XlActionsLog.FILE_NAME));
            }
        } catch (RunFailedException e) {
            err.println("pvsim: run failed: " + e.getMessage());
            err.println("pvsim: run folder: " + runDir);
            return ExitStatus.FAILED;
        } catch (UncheckedIOException e) {
            err.println("pvsim: " + e.getMessage());
            return ExitStatus.FAILED;
        }

        stdout.print(XlListFormatter.format(report.domains()));
        stdout.println();
        stdout.print(HypercallSummaryFormatter.format(report.domains()));
        stdout.println();
        stdout.print(FairnessTableFormatter.format(report.scheduling()));
        stdout.println();
        if (!report.xlActions().isEmpty()) {
            stdout.println("xl actions (output in " + XlActionsLog.FILE_NAME + "):");
            stdout.print(XlActionsLog.summary(report.xlActions()));
            stdout.println();
        }
        if (!report.consoles().isEmpty()) {
            stdout.println("Console logs in " + runDir.resolve(ConsoleFiles.FOLDER) + ": "
                    + String.join(
                            ", ",
                            report.consoles().stream().map(c -> c.fileName()).toList()));
        }
        stdout.println("Run folder: " + runDir);
        stdout.flush();
        return ExitStatus.OK;
    }
}
