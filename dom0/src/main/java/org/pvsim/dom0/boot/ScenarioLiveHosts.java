package org.pvsim.dom0.boot;

import org.pvsim.dom0.run.LiveHost;
import org.pvsim.dom0.run.LiveHosts;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.hypervisor.journal.Journal;

/**
 * {@code pvsim shell}'s hosts: a {@link LiveScenarioHost} per session, without a journal of its own (its {@code
 * save-run} repeats the session on a host that records one).
 */
public final class ScenarioLiveHosts implements LiveHosts {
    @Override
    public LiveHost start(ResolvedScenario scenario) throws RunFailedException {
        return LiveScenarioHost.start(scenario, Journal.OFF);
    }
}
