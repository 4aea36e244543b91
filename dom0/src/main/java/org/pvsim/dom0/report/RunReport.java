package org.pvsim.dom0.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a run produced, as the engine reports it; written to {@code stats.json} by {@link StatsJson} and printed by
 * the console formatters.
 *
 * @param scenario the scenario's name
 * @param seed the seed the run used
 * @param virtualNs virtual time simulated, in ns
 * @param wallNs wall-clock time the run took, in ns (the only figure that differs between identical runs)
 * @param journalRecords how many records the journal holds
 * @param journalSha256 SHA-256 of the journal records' bytes in order, lower-case hex: equal for identical runs
 * @param warnings things the user should know, in order (scenario warnings first, then the engine's)
 * @param host host-level figures
 * @param domains every domain that existed at the end, dom0 included (printed in id order)
 * @param scheduling how the CPU time was shared: the scheduler, pCPU busy times, fairness and latencies
 * @param xlActions the run's timed xl commands (a scenario's {@code actions:}, or a shell session's commands), in
 *     the order typed
 * @param consoles the run's console logs: the hypervisor's, then each guest's by name
 */
public record RunReport(
        String scenario,
        long seed,
        long virtualNs,
        long wallNs,
        long journalRecords,
        String journalSha256,
        List<String> warnings,
        HostStats host,
        List<DomainStats> domains,
        SchedulingStats scheduling,
        List<XlActionResult> xlActions,
        List<ConsoleFile> consoles) {

    /** Checks mandatory components and copies the lists. */
    public RunReport {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(journalSha256, "journalSha256");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(scheduling, "scheduling");
        warnings = List.copyOf(warnings);
        domains = List.copyOf(domains);
        xlActions = List.copyOf(xlActions);
        consoles = List.copyOf(consoles);
    }

    /** A report without timed xl commands. */
    public RunReport(
            String scenario,
            long seed,
            long virtualNs,
            long wallNs,
            long journalRecords,
            String journalSha256,
            List<String> warnings,
            HostStats host,
            List<DomainStats> domains,
            SchedulingStats scheduling) {
        this(
                scenario,
                seed,
                virtualNs,
                wallNs,
                journalRecords,
                journalSha256,
                warnings,
                host,
                domains,
                scheduling,
                List.of(),
                List.of());
    }

    /** This report with the outcomes of the run's timed xl commands. */
    public RunReport withXlActions(List<XlActionResult> results) {
        return new RunReport(
                scenario,
                seed,
                virtualNs,
                wallNs,
                journalRecords,
                journalSha256,
                warnings,
                host,
                domains,
                scheduling,
                results,
                consoles);
    }

    /** This report with the run's console logs. */
    public RunReport withConsoles(List<ConsoleFile> files) {
        return new RunReport(
                scenario,
                seed,
                virtualNs,
                wallNs,
                journalRecords,
                journalSha256,
                warnings,
                host,
                domains,
                scheduling,
                xlActions,
                files);
    }

    /** This report with {@code first} placed before its own warnings. */
    public RunReport withWarningsFirst(List<String> first) {
        List<String> all = new ArrayList<>(first);
        all.addAll(warnings);
        return new RunReport(
                scenario,
                seed,
                virtualNs,
                wallNs,
                journalRecords,
                journalSha256,
                all,
                host,
                domains,
                scheduling,
                xlActions,
                consoles);
    }
}
