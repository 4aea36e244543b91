package org.pvsim.dom0.run;

import java.nio.file.Path;
import java.util.List;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.toolstack.XlCommand;

/**
 * A scenario's host, booted and kept alive between commands: what {@code pvsim shell} and {@code pvsim xl} drive.
 * Implemented by the composition root ({@code org.pvsim.dom0.boot}), started by a {@link LiveHosts}.
 *
 * <p>Virtual time moves only inside {@link #advance} and {@link #xl}; between calls the host is frozen. The host is
 * the one {@link Simulation} would boot (same boot parameters, one {@code xl create} per domain queued on dom0's
 * toolstack at time 0, which dom0 runs the first time the host runs), and the scenario's {@code actions:} run at
 * their times while the host advances. Everything is deterministic: the same calls give the same host.
 *
 * <p>Not thread-safe. After a {@link RunFailedException} the host is {@link #failed()} and refuses further work.
 */
public interface LiveHost extends AutoCloseable {

    /** The current virtual time, ns: where the last call left the host. */
    long nowNs();

    /**
     * Runs the host for {@code ns} of virtual time (more than 0); the scenario's actions that fall due run on the way.
     * Afterwards {@link #nowNs()} is exactly the old time plus {@code ns}.
     *
     * @return the scenario's actions that ran, in order (empty if none)
     * @throws RunFailedException if the host fails (a hypervisor bug, dom0 shut down, an exception inside pvsim)
     */
    List<LiveOutcome> advance(long ns) throws RunFailedException;

    /**
     * Types {@code command} in dom0 now and runs the host until dom0's toolstack has run it: virtual time moves only
     * by what dom0 needs (waking up, its turn on a pCPU, the command's hypercalls), at most {@link
     * XlRunner#MAX_WAIT_NS}. Scenario actions that fall due in that time run first.
     *
     * @param line the command as typed, without {@code xl}: what {@code save-run} records
     * @return the outcomes, the typed command's last
     * @throws RunFailedException if the host fails, or dom0 did not run the command in time (starved, or shut down)
     */
    List<LiveOutcome> xl(String line, XlCommand command) throws RunFailedException;

    /** The domains' creation failures and scheduler warnings so far, each once, for the user. */
    List<String> takeWarnings();

    /** Whether the host failed: nothing more can run on it. */
    boolean failed();

    /**
     * Writes the journal of everything done so far into {@code runDir/journal} (a replayable journal, ended) and
     * returns the run's report, as if {@code pvsim run} had run the scenario until now with the session's commands as
     * timed actions ({@link RunReport#xlActions()}). The host stays alive.
     *
     * @param runDir a prepared, empty run folder
     * @throws RunFailedException if the journal cannot be written, or the host cannot be repeated
     */
    RunReport saveRun(Path runDir) throws RunFailedException;

    /** Every command run so far, scenario actions included, in order: {@code save-run}'s {@code actions:}. */
    List<LiveOutcome> history();

    /** Frees the host. */
    @Override
    void close();
}
