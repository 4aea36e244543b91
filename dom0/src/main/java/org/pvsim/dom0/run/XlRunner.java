package org.pvsim.dom0.run;

import java.util.List;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.toolstack.XlCommand;

/**
 * Runs xl commands on a scenario's host ({@code pvsim xl}). Implemented by the composition root ({@code
 * org.pvsim.dom0.boot}) and found through {@link java.util.ServiceLoader}.
 *
 * <p>An implementation must boot the scenario's host as {@link Simulation} does (dom0 running the toolstack, one
 * {@code xl create} per domain), have dom0's toolstack run the commands, in order, through hypercalls once virtual
 * time reaches {@code atNs} (and after the creations), run the host until dom0 reports them done, and return what xl
 * printed for each. It must give up, with a {@link RunFailedException} saying so, if dom0 has not run them all {@link
 * #MAX_WAIT_NS} after {@code atNs}. The scenario's own duration plays no part. Deterministic, like a run; it writes
 * no journal and does not print. Construction must be cheap.
 */
public interface XlRunner {
    /** How long after {@code atNs} dom0 has to run the commands: 1 virtual second. */
    long MAX_WAIT_NS = 1_000_000_000L;

    /**
     * Runs {@code commands}, one after the other, on {@code scenario}'s host from virtual time {@code atNs}.
     *
     * @throws RunFailedException if the host cannot boot, a domain cannot be created, the hypervisor fails, or dom0
     *     does not run the commands in time
     */
    XlSession run(ResolvedScenario scenario, long atNs, List<XlCommand> commands) throws RunFailedException;
}
