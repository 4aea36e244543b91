package org.pvsim.dom0.cli;

import java.nio.file.Path;
import org.pvsim.dom0.run.JournalReplayer;
import org.pvsim.dom0.run.ReplayOutcome;

/** A replayer for command-line tests: returns the outcome it is given and records the folder it was asked about. */
final class FakeReplayer implements JournalReplayer {

    ReplayOutcome outcome = new ReplayOutcome.Clean(1234);
    Path runDir;

    @Override
    public ReplayOutcome replay(Path runDir) {
        this.runDir = runDir;
        return outcome;
    }
}
