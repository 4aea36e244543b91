package org.pvsim.dom0.run;

import java.util.Objects;

/**
 * One xl command a {@link LiveHost} ran.
 *
 * @param typedAtNs when it was typed (queued on dom0's toolstack)
 * @param line the command as typed, without the leading {@code xl}
 * @param fromScenario whether it is one of the scenario's {@code actions:} rather than a command typed in the session
 * @param outcome what xl printed and returned
 */
public record LiveOutcome(long typedAtNs, String line, boolean fromScenario, XlOutcome outcome) {
    /** Checks the components. */
    public LiveOutcome {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(outcome, "outcome");
    }
}
