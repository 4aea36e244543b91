package org.pvsim.dom0.run;

import java.util.List;

/**
 * What a {@code pvsim xl} invocation's commands did, in order, and the run's own warnings.
 *
 * @param outcomes one per command, in the order given
 * @param warnings the run's warnings (a scheduling key the scheduler ignored at creation), not xl's
 */
public record XlSession(List<XlOutcome> outcomes, List<String> warnings) {
    /** Copies the lists. */
    public XlSession {
        outcomes = List.copyOf(outcomes);
        warnings = List.copyOf(warnings);
    }

    /** The status of the invocation: the highest of the commands' statuses (0 if all succeeded). */
    public int exitCode() {
        return outcomes.stream().mapToInt(XlOutcome::exitCode).max().orElse(0);
    }
}
