package org.pvsim.dom0.cli;

import java.util.List;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.XlChunk;
import org.pvsim.dom0.toolstack.XlCommand;

/** An xl runner for command-line tests: records what it was asked and answers as told. */
final class FakeXlRunner implements XlRunner {
    ResolvedScenario scenario;
    long atNs = -1;
    XlCommand command;
    RunFailedException failure;
    XlOutcome outcome = new XlOutcome(0, "out\n", "", 0, List.of(new XlChunk(false, "out\n")), List.of());

    @Override
    public XlOutcome run(ResolvedScenario scenario, long atNs, XlCommand command) throws RunFailedException {
        this.scenario = scenario;
        this.atNs = atNs;
        this.command = command;
        if (failure != null) {
            throw failure;
        }
        return outcome;
    }
}
