package org.pvsim.dom0.run;

import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.scenario.ResolvedScenario;

/**
 * Runs a scenario. Implemented by the composition root ({@code org.pvsim.dom0.boot}) and found through
 * {@link java.util.ServiceLoader}.
 *
 * <p>An implementation must:
 *
 * <ul>
 *   <li>boot a host with {@code scenario.host()} (pCPUs, RAM, scheduler), build dom0 ({@code Domain-0}, id 0, with
 *       {@code dom0MemKib} and {@code dom0MaxVcpus}), then build and unpause one PV domU per element of
 *       {@code scenario.domains()}, in order, each running its workload with its arguments;
 *   <li>simulate {@code scenario.durationNs()} of virtual time, deterministically: the same scenario and seed give
 *       the same journal records and the same report, {@code wallNs} aside;
 *   <li>write the journal to {@link RunOptions#journalDir()};
 *   <li>with {@link RunOptions#audit()}, check the invariants after every hypercall and throw
 *       {@link RunFailedException} at the first violation, its message the auditor's report;
 *   <li>return a {@link RunReport} with every domain that exists at the end (dom0 included), the journal's record
 *       count and SHA-256, and its own warnings only (the command line adds the scenario's);
 *   <li>not print, and not write {@code scenario.resolved.yaml} or {@code stats.json}: the command line does.
 * </ul>
 *
 * <p>Construction must be cheap and free of side effects: the command line creates the implementation at start-up,
 * even for {@code pvsim --help}; do the work in {@link #run}.
 */
public interface Simulation {

    /**
     * Runs {@code scenario}.
     *
     * @param scenario the resolved scenario, with {@code --seed} and {@code --duration} already applied
     * @param options the run folder and the audit switch
     * @return what the run produced
     * @throws RunFailedException if the run cannot complete (audit violation, hypervisor failure)
     */
    RunReport run(ResolvedScenario scenario, RunOptions options) throws RunFailedException;
}
