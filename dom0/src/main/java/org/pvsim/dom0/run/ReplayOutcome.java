package org.pvsim.dom0.run;

import java.util.Objects;

/**
 * The result of replaying a journal: every record matched, or the first record that did not, or a journal that could
 * not be read.
 */
public sealed interface ReplayOutcome {

    /**
     * Every record replayed and matched. {@code pvsim replay} prints {@code N records replayed, 0 divergences} and
     * exits with 0.
     *
     * @param records how many records were replayed
     */
    record Clean(long records) implements ReplayOutcome {}

    /**
     * The replayed hypervisor produced something other than the recording. {@code pvsim replay} prints the
     * description and exits with 1.
     *
     * @param recordIndex the index of the first record that differs
     * @param description the first divergence with its context (record index, domain, vCPU, hypercall, expected and
     *     actual), one or more lines
     */
    record Diverged(long recordIndex, String description) implements ReplayOutcome {

        /** Checks that the description is set. */
        public Diverged {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * The journal is missing, truncated, corrupt or of another format version. {@code pvsim replay} prints
     * {@code pvsim: PROBLEM} on stderr and exits with 2.
     *
     * @param problem what is wrong, with the record index where reading stopped when there is one
     */
    record Unreadable(String problem) implements ReplayOutcome {

        /** Checks that the problem is set. */
        public Unreadable {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
