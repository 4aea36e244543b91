package org.pvsim.hypervisor.journal;

import java.util.Arrays;

/**
 * The {@link Journal} a replayed hypervisor reports to: instead of writing, it encodes each call exactly as {@link
 * ChronicleJournal} would and compares the bytes with the next recorded record, which it then consumes.
 *
 * <p>Invariant: it stops at the first difference. The first record that differs (or that the recording does not have)
 * becomes the {@link #divergence()}, and everything reported afterwards is ignored; a problem reading the recording
 * becomes the {@link #journalError()}. It never throws at the replayed hypervisor for a divergence or a bad journal,
 * so a hypervisor under replay runs exactly as it would while recording; it still throws {@link
 * IllegalStateException} for calls that break the ordering rules of {@link Journal}, as the recorder does.
 *
 * <p>Created by {@link Replayer}, which drives the inputs and checks what was consumed.
 */
public final class ReplayingJournal extends EncodingJournal {
    private final RecordCursor recorded;
    private final RecordDecoder ownDecoder = new RecordDecoder("(replayed hypervisor)");
    private long compared;
    private Divergence divergence;
    private JournalFormatException journalError;

    ReplayingJournal(RecordCursor recorded) {
        super(JournalFormat.FORMAT_VERSION);
        this.recorded = recorded;
    }

    @Override
    void emit(byte[] bytes, int offset, int length) {
        if (stopped()) {
            return;
        }
        JournalRecord expected;
        byte[] expectedBytes;
        long index = recorded.position();
        try {
            expected = recorded.peek();
            expectedBytes = recorded.peekBytes();
        } catch (JournalFormatException e) {
            journalError = e;
            return;
        }
        compared++;
        if (expected == null) {
            divergence = Divergence.at(index, null, "a record after the end of the recording");
            return;
        }
        if (Arrays.equals(expectedBytes, 0, expectedBytes.length, bytes, offset, offset + length)) {
            recorded.take();
            return;
        }
        JournalRecord actual;
        try {
            actual = ownDecoder.decode(Arrays.copyOfRange(bytes, offset, offset + length), length, index);
        } catch (JournalFormatException e) {
            divergence = Divergence.at(index, expected, "the replayed record cannot be decoded: " + e.getMessage());
            return;
        }
        divergence = Divergence.between(index, expected, actual);
    }

    /** Records compared with the recording so far (the last one is the divergence, if any). */
    @Override
    public long records() {
        return compared;
    }

    /** Records that matched the recording. */
    public long matched() {
        return compared - (divergence == null ? 0 : 1);
    }

    /** Whether comparison has stopped: a divergence was found or the recording could not be read. */
    public boolean stopped() {
        return divergence != null || journalError != null;
    }

    /** The first divergence, or {@code null}. */
    public Divergence divergence() {
        return divergence;
    }

    /** The problem reading the recording, or {@code null}. */
    public JournalFormatException journalError() {
        return journalError;
    }
}
