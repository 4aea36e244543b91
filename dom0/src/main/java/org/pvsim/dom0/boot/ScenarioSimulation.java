package org.pvsim.dom0.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.pvsim.dom0.cli.PvsimVersion;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.dom0.run.Simulation;
import org.pvsim.dom0.scenario.DomainSpec;
import org.pvsim.dom0.scenario.HostScheduler;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.DomainBuildSpec;
import org.pvsim.dom0.toolstack.Toolstack;
import org.pvsim.dom0.toolstack.ToolstackWorkload;
import org.pvsim.dom0.xlcfg.DomainConfig;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.Journal;

/**
 * {@code pvsim run}: the composition root of a run. It boots a host with the scenario's machine and a dom0 running
 * the toolstack, queues one {@code xl create} per domain of the scenario (dom0's toolstack builds each through
 * hypercalls, in order, at the start of the run), runs everything for the scenario's virtual duration while the
 * journal records it, and reports what happened.
 *
 * <p>The run is a function of the scenario and its seed: virtual time only, one engine, deterministic ids and
 * handles. Wall time is measured for the report and nothing else.
 */
public final class ScenarioSimulation implements Simulation {
    /** dom0's kernel command line: its workload is the toolstack. */
    static final String DOM0_CMDLINE = "workload=" + ToolstackWorkload.NAME;

    @Override
    public RunReport run(ResolvedScenario scenario, RunOptions options) throws RunFailedException {
        long wallStart = System.nanoTime();
        BootParameters params = bootParameters(scenario);
        ChronicleJournal journal;
        try {
            journal = ChronicleJournal.create(options.journalDir());
        } catch (IOException | RuntimeException e) {
            throw new RunFailedException(
                    "cannot create the journal in " + options.journalDir() + ": " + e.getMessage(), e);
        }
        Hypervisor hv;
        Toolstack toolstack = new Toolstack();
        List<String> violations = new ArrayList<>();
        GuestExecution execution;
        ScenarioActions actions;
        try {
            hv = HostBoot.boot(params, journal, HostSubsystems.standard());
            for (DomainSpec d : scenario.domains()) {
                toolstack.create(buildSpec(d, scenario.seed()));
            }
            actions = ScenarioActions.queue(scenario, toolstack); // helper E: the scenario's timed xl commands
            execution = new GuestExecution(hv, GuestKernels.loader(toolstack), ExecutionCosts.DEFAULT);
            if (options.audit()) {
                installAudit(hv, execution, violations);
            }
            execution.runUntil(scenario.durationNs());
        } catch (IllegalArgumentException e) {
            journal.close();
            throw new RunFailedException("the host cannot boot: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            journal.close();
            throw new RunFailedException("the simulation failed inside pvsim: " + e, e);
        }
        journal.close();
        long wallNs = System.nanoTime() - wallStart;
        if (!violations.isEmpty()) {
            throw new RunFailedException("invariant violated at virtual time " + hv.now() + " ns, after "
                    + violations.get(0) + "\n  " + String.join("\n  ", violations.subList(1, violations.size()))
                    + "\nthe journal up to this point is in " + options.journalDir());
        }
        if (!hv.bugs().isEmpty()) {
            throw new RunFailedException("hypervisor bug: " + String.join("; ", hv.bugs()));
        }
        List<String> failures = toolstack.creations().stream()
                .filter(c -> c.error() != null)
                .map(c -> "xl create " + c.spec().name() + ": " + c.error())
                .collect(Collectors.toList());
        if (!failures.isEmpty()) {
            throw new RunFailedException(String.join("\n", failures));
        }
        List<String> warnings = new ArrayList<>();
        toolstack.creations().forEach(c -> warnings.addAll(c.warnings()));
        toolstack.creations().stream()
                .filter(c -> !c.isDone())
                .forEach(c ->
                        warnings.add("dom0 did not get to create " + c.spec().name() + " before the run ended"));
        execution
                .failures()
                .forEach(f ->
                        warnings.add("guest failure at " + f.time() + " ns on " + f.vcpu() + ": " + f.description()));
        if (hv.isHalted() && hv.now() < scenario.durationNs()) {
            warnings.add("dom0 shut down at " + hv.now() + " ns, which halts the host; the run ended there");
        }
        warnings.addAll(actions.warnings()); // helper E: actions dom0 did not get to
        return RunReports.build(scenario, hv, toolstack, journal.records(), journal.sha256Hex(), wallNs, warnings)
                .withXlActions(actions.results()); // helper E
    }

    /**
     * Runs {@code scenario} without the command line's checks and report, recording to {@code journal}: for
     * benchmarks that compare a run with and without a journal. Returns the host at the end of the run.
     */
    public static Hypervisor simulate(ResolvedScenario scenario, Journal journal) {
        Hypervisor hv = HostBoot.boot(bootParameters(scenario), journal, HostSubsystems.standard());
        Toolstack toolstack = new Toolstack();
        for (DomainSpec d : scenario.domains()) {
            toolstack.create(buildSpec(d, scenario.seed()));
        }
        ScenarioActions.queue(scenario, toolstack); // helper E
        new GuestExecution(hv, GuestKernels.loader(toolstack), ExecutionCosts.DEFAULT).runUntil(scenario.durationNs());
        return hv;
    }

    /** The host a scenario describes, with dom0 running the toolstack. */
    static BootParameters bootParameters(ResolvedScenario s) {
        HostScheduler scheduler = s.host().scheduler().simulated() ? s.host().scheduler() : HostScheduler.DEFAULT;
        return new BootParameters(
                PvsimVersion.version(),
                s.name(),
                s.seed(),
                s.host().pcpus(),
                (int) (s.host().memoryKib() / 4),
                scheduler.xenName(),
                (int) (s.host().dom0MemKib() / 4),
                s.host().dom0MaxVcpus(),
                GuestKernels.PVSIM_PV,
                DOM0_CMDLINE,
                s.host().sockets(),
                s.host().threadsPerCore(),
                s.host().xenCmdline(),
                s.host().devices().equals(MachineDevicesSpec.DEFAULT)
                        ? ""
                        : s.host().devices().toString());
    }

    /** What the toolstack needs to create a scenario's domain. */
    static DomainBuildSpec buildSpec(DomainSpec d, long seed) {
        DomainConfig c = d.config();
        StringBuilder cmdline = new StringBuilder();
        String own = c.kernelCommandLine();
        if (!own.isBlank()) {
            cmdline.append(own).append(' ');
        }
        cmdline.append("workload=").append(d.workload());
        for (Map.Entry<String, String> a : d.args().entrySet()) {
            cmdline.append(' ').append(a.getKey()).append('=').append(a.getValue());
        }
        cmdline.append(" pvsim.vcpus=").append(c.vcpus());
        return DomainBuildSpec.of(c, handle(seed, c.name()), cmdline.toString());
    }

    /**
     * The domain's handle: xl generates a random UUID; pvsim derives one from the seed and the name, so runs are
     * repeatable.
     */
    static byte[] handle(long seed, String name) {
        UUID uuid = UUID.nameUUIDFromBytes(("pvsim:" + seed + ":" + name).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    private static void installAudit(Hypervisor hv, GuestExecution execution, List<String> violations) {
        Auditor auditor = new Auditor(hv);
        hv.setHypercallObserver((v, op, result) -> {
            if (!violations.isEmpty()) {
                return;
            }
            List<Violation> found = auditor.audit();
            if (!found.isEmpty()) {
                violations.add(v + " hypercall " + org.pvsim.hypervisor.abi.Hypercall.nameOf(op) + " -> "
                        + org.pvsim.hypervisor.abi.Errno.describe(result) + ":");
                found.forEach(x -> violations.add(x.toString()));
                execution.requestStop();
            }
        });
    }
}
