package org.pvsim.hypervisor.journal;

/**
 * A journal cannot be read: it is missing, truncated, corrupt, not a journal, or of another format version. The
 * message is for the user: it names the journal, what is wrong, and the record at which reading stopped.
 */
public final class JournalFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Records are counted from 0 (BOOT); this value means the problem is not about one record. */
    public static final long NO_RECORD = -1;

    private final long recordIndex;

    /** A problem with the journal as a whole (missing, empty, not a directory). */
    public JournalFormatException(String message) {
        this(message, NO_RECORD, null);
    }

    /** A problem found at record {@code recordIndex}. */
    public JournalFormatException(String message, long recordIndex) {
        this(message, recordIndex, null);
    }

    /** A problem found at record {@code recordIndex}, caused by {@code cause} (for example Chronicle's exception). */
    public JournalFormatException(String message, long recordIndex, Throwable cause) {
        super(message, cause);
        this.recordIndex = recordIndex;
    }

    /** The index of the record at which reading stopped, or {@link #NO_RECORD}. */
    public long recordIndex() {
        return recordIndex;
    }
}
