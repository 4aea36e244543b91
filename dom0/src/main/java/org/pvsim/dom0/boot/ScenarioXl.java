package org.pvsim.dom0.boot;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
import org.pvsim.dom0.run.XlSession;
import org.pvsim.dom0.scenario.DomainSpec;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.Toolstack;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.Journal;

/**
 * {@code pvsim xl}: boots a scenario's host exactly as {@link ScenarioSimulation} does (same boot parameters, same
 * {@code xl create} of each domain), queues the xl commands on dom0's toolstack for time {@code atNs}, and runs the
 * host in 1 ms slices until dom0 has run them, at most {@link XlRunner#MAX_WAIT_NS} past {@code atNs}. No journal is
 * written. The commands run as guest code in dom0, through hypercalls, like every toolstack command; dom0 runs one
 * per step, so each sees the effect of those before it.
 */
public final class ScenarioXl implements XlRunner {
    /** The slice the host runs in while waiting for dom0. */
    static final long SLICE_NS = 1_000_000L;

    @Override
    public XlSession run(ResolvedScenario scenario, long atNs, List<XlCommand> commands) throws RunFailedException {
        Hypervisor hv;
        Toolstack toolstack = new Toolstack();
        List<Toolstack.XlInvocation> xs = new ArrayList<>();
        try {
            hv = HostBoot.boot(ScenarioSimulation.bootParameters(scenario), Journal.OFF, HostSubsystems.standard());
            for (DomainSpec d : scenario.domains()) {
                toolstack.create(ScenarioSimulation.buildSpec(d, scenario.seed()));
            }
            for (XlCommand command : commands) {
                xs.add(toolstack.xl(command, atNs));
            }
            GuestExecution execution = new GuestExecution(hv, GuestKernels.loader(toolstack), ExecutionCosts.DEFAULT);
            long deadline = atNs + MAX_WAIT_NS;
            long t = atNs;
            execution.runUntil(t);
            while (!allDone(xs) && t < deadline && !hv.isHalted() && hv.bugs().isEmpty()) {
                t = Math.min(t + SLICE_NS, deadline);
                execution.runUntil(t);
            }
        } catch (IllegalArgumentException e) {
            throw new RunFailedException("the host cannot boot: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new RunFailedException("the simulation failed inside pvsim: " + e, e);
        }
        if (!hv.bugs().isEmpty()) {
            throw new RunFailedException("hypervisor bug: " + String.join("; ", hv.bugs()));
        }
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Toolstack.Creation c : toolstack.creations()) {
            if (c.error() != null) {
                failures.add("xl create " + c.spec().name() + ": " + c.error());
            }
            warnings.addAll(c.warnings());
        }
        if (!failures.isEmpty()) {
            throw new RunFailedException(String.join("\n", failures));
        }
        if (!allDone(xs)) {
            String line = xs.stream()
                    .filter(x -> !x.isDone())
                    .findFirst()
                    .map(x -> String.join(" ", x.command().argv()))
                    .orElse("");
            String why = hv.isHalted()
                    ? "the host halted at " + hv.now() + " ns (dom0 shut down)"
                    : "dom0's vCPU 0 did not get to run it by " + (atNs + MAX_WAIT_NS) + " ns";
            throw new RunFailedException(
                    "dom0 did not run `" + line + "` within 1 s of virtual time after " + atNs + " ns: " + why);
        }
        List<XlOutcome> outcomes = new ArrayList<>();
        for (Toolstack.XlInvocation x : xs) {
            outcomes.add(new XlOutcome(x.exitCode(), x.out(), x.err(), x.doneAtNs(), x.transcript()));
        }
        return new XlSession(outcomes, warnings);
    }

    private static boolean allDone(List<Toolstack.XlInvocation> xs) {
        return xs.stream().allMatch(Toolstack.XlInvocation::isDone);
    }
}
