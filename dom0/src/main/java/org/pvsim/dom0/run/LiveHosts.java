package org.pvsim.dom0.run;

import org.pvsim.dom0.scenario.ResolvedScenario;

/**
 * Starts {@link LiveHost}s. Implemented by the composition root ({@code org.pvsim.dom0.boot}) and found through
 * {@link java.util.ServiceLoader}; construction must be cheap.
 */
public interface LiveHosts {
    /**
     * Boots {@code scenario}'s host at virtual time 0 (nothing has run yet).
     *
     * @throws RunFailedException if the host cannot boot
     */
    LiveHost start(ResolvedScenario scenario) throws RunFailedException;
}
