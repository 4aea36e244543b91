package org.pvsim.dom0.boot;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.run.LiveOutcome;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
import org.pvsim.dom0.run.XlSession;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.hypervisor.journal.Journal;

/**
 * {@code pvsim xl}: what {@code pvsim shell} does for a user who types {@code advance AT} and then the commands, one
 * after the other: a {@link LiveScenarioHost} (booted exactly as {@link ScenarioSimulation} boots it, the scenario's
 * actions included) runs until {@code atNs}, then dom0's toolstack runs each command through hypercalls, the next
 * typed as soon as the previous has run, each within {@link XlRunner#MAX_WAIT_NS}. No journal is written.
 */
public final class ScenarioXl implements XlRunner {

    @Override
    public XlSession run(ResolvedScenario scenario, long atNs, List<XlCommand> commands) throws RunFailedException {
        LiveScenarioHost host = LiveScenarioHost.start(scenario, Journal.OFF);
        List<XlOutcome> outcomes = new ArrayList<>();
        try {
            if (atNs > 0) {
                host.advance(atNs);
            }
            for (XlCommand command : commands) {
                List<LiveOutcome> ran = host.xl(line(command), command);
                outcomes.add(ran.get(ran.size() - 1).outcome());
            }
        } catch (RunFailedException e) {
            List<String> failures = host.creationFailures();
            throw failures.isEmpty() ? e : new RunFailedException(String.join("\n", failures));
        }
        List<String> failures = host.creationFailures();
        if (!failures.isEmpty()) {
            throw new RunFailedException(String.join("\n", failures));
        }
        return new XlSession(outcomes, host.creationWarnings());
    }

    /** The command line without the leading {@code xl}. */
    static String line(XlCommand command) {
        List<String> argv = command.argv();
        return String.join(" ", argv.subList(argv.isEmpty() || !argv.get(0).equals("xl") ? 0 : 1, argv.size()));
    }
}
