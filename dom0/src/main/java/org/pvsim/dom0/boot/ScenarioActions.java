package org.pvsim.dom0.boot;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.report.XlActionResult;
import org.pvsim.dom0.report.XlActionsLog;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioAction;
import org.pvsim.dom0.toolstack.Toolstack;
import org.pvsim.dom0.toolstack.XlChunk;

/**
 * A scenario's {@code actions:} during {@code pvsim run}: each xl command queued on dom0's toolstack, in time order,
 * for its {@code at} time, after the domains' creations. dom0 sleeps until each is due (its single-shot timer), runs
 * it through hypercalls like any xl command, and records what xl printed; {@link #results()} gives the outcomes for
 * the report ({@code stats.json}, {@code xl-actions.log}, the console summary).
 */
final class ScenarioActions {
    private final List<ScenarioAction> actions;
    private final List<Toolstack.XlInvocation> queued = new ArrayList<>();

    private ScenarioActions(List<ScenarioAction> actions) {
        this.actions = actions;
    }

    /** Queues {@code scenario}'s actions on {@code toolstack}; call it after queueing the creations. */
    static ScenarioActions queue(ResolvedScenario scenario, Toolstack toolstack) {
        ScenarioActions a = new ScenarioActions(scenario.actions());
        for (ScenarioAction action : a.actions) {
            a.queued.add(toolstack.xl(action.command(), action.atNs()));
        }
        return a;
    }

    /** Each action's outcome, in order; one dom0 did not run has {@code ranAtNs} and {@code exitCode} -1. */
    List<XlActionResult> results() {
        List<XlActionResult> results = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            ScenarioAction a = actions.get(i);
            Toolstack.XlInvocation x = queued.get(i);
            if (!x.isDone()) {
                results.add(new XlActionResult(a.atNs(), a.xl(), -1, -1, ""));
                continue;
            }
            StringBuilder output = new StringBuilder();
            for (XlChunk chunk : x.transcript()) {
                output.append(chunk.text());
            }
            results.add(new XlActionResult(a.atNs(), a.xl(), x.doneAtNs(), x.exitCode(), output.toString()));
        }
        return results;
    }

    /** One warning per action dom0 did not run before the run ended. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            if (!queued.get(i).isDone()) {
                ScenarioAction a = actions.get(i);
                warnings.add("the action at " + XlActionsLog.seconds(a.atNs()) + " s (xl " + a.xl()
                        + ") did not run: the run ended before dom0 got to it");
            }
        }
        return warnings;
    }
}
