package org.pvsim.dom0.scenario;

import java.util.Objects;

/**
 * Why a workload's arguments are refused.
 *
 * @param arg the argument at fault, or null when the problem is with the arguments as a whole (e.g. two that
 *     conflict)
 * @param message what is wrong, for the user, without location (e.g. {@code "2 parsecs" is not a duration})
 */
public record WorkloadArgProblem(String arg, String message) {

    /** Checks that the message is set. */
    public WorkloadArgProblem {
        Objects.requireNonNull(message, "message");
    }
}
