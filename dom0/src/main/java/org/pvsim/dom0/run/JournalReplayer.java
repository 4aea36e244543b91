package org.pvsim.dom0.run;

import java.nio.file.Path;

/**
 * Replays a run's journal against a fresh hypervisor and compares every result. Implemented by the composition root
 * ({@code org.pvsim.dom0.boot}) and found through {@link java.util.ServiceLoader}.
 *
 * <p>An implementation must read {@code runDir/journal} (and whatever else of the run folder it needs, e.g.
 * {@code scenario.resolved.yaml}), never throw for a bad journal (it returns {@link ReplayOutcome.Unreadable}), stop at
 * the first divergence, and not print. Construction must be cheap: the
 * command line creates the implementation at start-up, even for {@code pvsim --help}.
 */
public interface JournalReplayer {

    /**
     * Replays the journal of the run folder {@code runDir}. The command line has checked that {@code runDir} and
     * {@code runDir/journal} are folders.
     *
     * @param runDir a run folder written by {@code pvsim run}
     * @return clean with the record count, the first divergence, or why the journal cannot be read
     */
    ReplayOutcome replay(Path runDir);
}
