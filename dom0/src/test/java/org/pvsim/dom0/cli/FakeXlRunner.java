package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
import org.pvsim.dom0.run.XlSession;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.XlChunk;
import org.pvsim.dom0.toolstack.XlCommand;

/**
 * An xl runner for command-line tests: records what it was asked and answers as told (by default, "out" and status 0
 * for every command).
 */
final class FakeXlRunner implements XlRunner {
    ResolvedScenario scenario;
    long atNs = -1;
    List<XlCommand> commands;
    RunFailedException failure;
    XlSession session;

    /** The last command given. */
    XlCommand command() {
        return commands == null ? null : commands.get(commands.size() - 1);
    }

    @Override
    public XlSession run(ResolvedScenario scenario, long atNs, List<XlCommand> commands) throws RunFailedException {
        this.scenario = scenario;
        this.atNs = atNs;
        this.commands = List.copyOf(commands);
        if (failure != null) {
            throw failure;
        }
        if (session != null) {
            return session;
        }
        List<XlOutcome> outcomes = new ArrayList<>();
        for (XlCommand c : commands) {
            outcomes.add(new XlOutcome(0, "out\n", "", 0, List.of(new XlChunk(false, c.name() + "\n"))));
        }
        return new XlSession(outcomes, List.of());
    }
}
