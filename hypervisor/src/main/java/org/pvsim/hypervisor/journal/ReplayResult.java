package org.pvsim.hypervisor.journal;

/**
 * How a replay ended: every record reproduced ({@link Replayed}), the first divergence ({@link Diverged}), or a journal
 * that could not be read ({@link Unreadable}). Each has the exit code {@code pvsim replay} returns and a one-line
 * rendering for people.
 */
public sealed interface ReplayResult {
    /** Exit code: the replayed hypervisor reproduced every record. */
    int EXIT_OK = 0;
    /** Exit code: the replayed hypervisor diverged from the recording. */
    int EXIT_DIVERGED = 1;
    /** Exit code: the journal is missing, truncated, corrupt, or of another format version. */
    int EXIT_BAD_JOURNAL = 2;

    /** Records reproduced exactly before replay stopped (END not counted). */
    long recordsReplayed();

    /** {@link #EXIT_OK}, {@link #EXIT_DIVERGED} or {@link #EXIT_BAD_JOURNAL}. */
    int exitCode();

    /** One line for people, for example {@code 5531 records replayed, 0 divergences}. */
    String summary();

    /** Every record up to END was reproduced. */
    record Replayed(long recordsReplayed) implements ReplayResult {
        @Override
        public int exitCode() {
            return EXIT_OK;
        }

        @Override
        public String summary() {
            return recordsReplayed + " records replayed, 0 divergences";
        }
    }

    /**
     * Replay stopped at the first divergence; the {@code recordsReplayed} records before it (its index) matched.
     */
    record Diverged(long recordsReplayed, Divergence divergence) implements ReplayResult {
        @Override
        public int exitCode() {
            return EXIT_DIVERGED;
        }

        @Override
        public String summary() {
            return recordsReplayed + " records replayed, then a divergence at " + divergence.describe();
        }
    }

    /**
     * The journal could not be read: {@code message} says why and where ({@code recordIndex}, or {@link
     * JournalFormatException#NO_RECORD}).
     */
    record Unreadable(long recordsReplayed, String message, long recordIndex) implements ReplayResult {
        @Override
        public int exitCode() {
            return EXIT_BAD_JOURNAL;
        }

        @Override
        public String summary() {
            return message;
        }
    }
}
