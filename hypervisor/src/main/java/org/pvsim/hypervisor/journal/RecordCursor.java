package org.pvsim.hypervisor.journal;

/**
 * The recorded journal as replay consumes it: the next record is looked at ({@link #peek()}) before it is taken, so
 * that the replayer can drive an input and the replaying journal can match it with the same record.
 */
final class RecordCursor {
    private final JournalReader reader;
    private JournalRecord next;
    private byte[] nextBytes;
    private long nextIndex;
    private boolean loaded;
    private long taken;

    RecordCursor(JournalReader reader) {
        this.reader = reader;
    }

    /** The next recorded record, not yet taken; {@code null} after END has been taken. */
    JournalRecord peek() throws JournalFormatException {
        if (!loaded) {
            next = reader.next();
            nextBytes = next == null ? null : reader.currentBytes();
            nextIndex = reader.index();
            loaded = true;
        }
        return next;
    }

    /** The bytes of the record {@link #peek()} returns. */
    byte[] peekBytes() throws JournalFormatException {
        peek();
        return nextBytes;
    }

    /** The index of the record {@link #peek()} returns: the number of records taken so far. */
    long position() {
        return taken;
    }

    /** Takes the record {@link #peek()} returned. */
    void take() {
        if (!loaded) {
            throw new IllegalStateException("take() without peek()");
        }
        loaded = false;
        taken = nextIndex + 1;
    }
}
