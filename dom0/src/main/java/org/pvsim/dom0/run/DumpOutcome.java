package org.pvsim.dom0.run;

import java.util.Objects;

/** The result of dumping a journal: read as far as needed, or damaged at some record. */
public sealed interface DumpOutcome {

    /**
     * The journal was read to its end, or to the filter's limit. {@code pvsim journal dump} exits with 0.
     *
     * @param printed how many lines were printed
     */
    record Printed(long printed) implements DumpOutcome {}

    /**
     * The journal is missing, truncated, corrupt or of another format version; the lines before the problem were
     * printed. {@code pvsim journal dump} prints {@code pvsim: PROBLEM} on stderr and exits with 2.
     *
     * @param printed how many lines were printed before the problem
     * @param problem what is wrong, naming the journal and the record at which reading stopped
     */
    record Unreadable(long printed, String problem) implements DumpOutcome {

        /** Checks that the problem is set. */
        public Unreadable {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
