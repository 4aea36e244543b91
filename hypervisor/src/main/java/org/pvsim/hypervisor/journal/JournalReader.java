package org.pvsim.hypervisor.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a journal's records in order, checking each as it goes, and opens the queue read-only so that reading never
 * changes a file. Records are numbered from 0 (BOOT).
 *
 * <p>Invariant: every problem with the journal, whatever its cause (a missing directory, no queue files, an empty
 * queue, a first record that is not BOOT, bad magic, another format version, a CRC mismatch, a record shorter or
 * longer than its header says, an unknown kind, a second BOOT, a record after END, an END whose count is wrong, a
 * journal that ends without END, or an exception from Chronicle on a damaged file) reaches the caller as a {@link
 * JournalFormatException} naming the journal, the problem and the record at which reading stopped; no other
 * exception escapes. Reading never waits for more records: a journal is complete when it is read.
 *
 * <p>Use: {@link #open}, then {@link #next()} until it returns {@code null} (the END record is returned before
 * that), then {@link #close()}. Not thread-safe.
 */
public final class JournalReader implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RecordDecoder decoder;
    /** The size of the journal's one cycle file, or -1 if there are several (a journal never rolls). */
    private final long cycleFileSize;

    private final MessageDigest digest = ChronicleJournal.sha256();
    private byte[] buffer = new byte[256];
    private int length;
    private long nextIndex;
    private long lastQueueIndex = -1;
    private JournalRecord current;
    private boolean ended;
    private JournalFormatException failure;

    private JournalReader(Path dir, long cycleFileSize, SingleChronicleQueue queue, ExcerptTailer tailer) {
        this.dir = dir;
        this.cycleFileSize = cycleFileSize;
        this.queue = queue;
        this.tailer = tailer;
        this.decoder = new RecordDecoder(dir.toString());
    }

    /**
     * Opens the journal in {@code dir}.
     *
     * @throws JournalFormatException if {@code dir} does not exist, is not a directory, holds no queue files, or
     *     Chronicle cannot open the queue
     */
    public static JournalReader open(Path dir) throws JournalFormatException {
        if (!Files.exists(dir)) {
            throw new JournalFormatException("journal " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new JournalFormatException("journal " + dir + " is not a directory (a journal is a directory)");
        }
        long cycleFileSize;
        try {
            List<Path> cycleFiles = QueueFiles.cycleFiles(dir);
            if (cycleFiles.isEmpty()) {
                throw new JournalFormatException("journal " + dir + " holds no queue files (*" + QueueFiles.CYCLE_SUFFIX
                        + "): it is not a journal, or its files were deleted");
            }
            cycleFileSize = cycleFiles.size() == 1 ? Files.size(cycleFiles.get(0)) : -1;
        } catch (IOException e) {
            throw new JournalFormatException("journal " + dir + " cannot be listed: " + e.getMessage());
        }
        SingleChronicleQueue queue = null;
        try {
            queue = QueueFiles.open(dir, true);
            return new JournalReader(dir, cycleFileSize, queue, queue.createTailer());
        } catch (RuntimeException | InternalError e) {
            closeQuietly(queue);
            throw new JournalFormatException("journal " + dir + " cannot be opened (damaged queue files?): " + e, 0, e);
        }
    }

    /** The journal's directory. */
    public Path directory() {
        return dir;
    }

    /**
     * The next record, END included; {@code null} once END has been returned. Checks the record and its place in the
     * journal (BOOT first and only first; nothing after END; END's count). Once it has thrown, it throws the same
     * exception again: reading never goes past a problem.
     */
    public JournalRecord next() throws JournalFormatException {
        if (failure != null) {
            throw failure;
        }
        try {
            return read();
        } catch (JournalFormatException e) {
            failure = e;
            throw e;
        } catch (RuntimeException | InternalError e) {
            // A fault on a mapped page past the end of a cut file is raised as an InternalError, and in compiled code
            // it may surface after Chronicle has returned: whatever escapes, the journal is damaged here.
            failure = damaged(nextIndex, e);
            throw failure;
        }
    }

    private JournalRecord read() throws JournalFormatException {
        if (ended) {
            return null;
        }
        long index = nextIndex;
        if (!readExcerpt(index)) {
            throw missing(index);
        }
        if (index == 0) {
            decoder.checkFirstRecord(buffer, length);
        }
        JournalRecord r = decoder.decode(buffer, length, index);
        if (index > 0 && r.kind() == RecordKind.BOOT) {
            throw decoder.corrupt(index, "a second BOOT record: BOOT comes only first");
        }
        if (r instanceof JournalRecord.End end) {
            if (end.recordsBefore() != index) {
                throw decoder.corrupt(
                        index,
                        "the END record counts " + end.recordsBefore() + " records before it, the journal has "
                                + index);
            }
            ended = true;
        }
        digest.update(buffer, 0, length);
        nextIndex = index + 1;
        current = r;
        if (ended) {
            byte[] endBytes = Arrays.copyOf(buffer, length);
            if (readExcerpt(nextIndex)) {
                throw decoder.corrupt(nextIndex, "a record after the END record");
            }
            buffer = endBytes;
            length = endBytes.length;
        }
        return r;
    }

    /** Reads the excerpt for record {@code index} into the buffer; false if the queue has no more. */
    private boolean readExcerpt(long index) throws JournalFormatException {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            Bytes<?> bytes = dc.wire().bytes();
            long n = bytes.readRemaining();
            if (n > JournalFormat.MAX_RECORD_SIZE) {
                throw decoder.corrupt(index, "its queue entry claims " + n + " bytes");
            }
            if (n > buffer.length) {
                buffer = new byte[(int) Math.max(n, 2L * buffer.length)];
            }
            long excerptEnd = bytes.readLimit();
            if (cycleFileSize >= 0 && excerptEnd > cycleFileSize) {
                throw new JournalFormatException(
                        "journal " + dir + " ends inside record " + index + ": it is truncated (its queue file is cut"
                                + " at byte " + cycleFileSize + ", and the record runs to byte " + excerptEnd + ")",
                        index);
            }
            length = (int) n;
            bytes.read(buffer, 0, length);
            lastQueueIndex = dc.index();
            return true;
        } catch (RuntimeException | InternalError e) {
            // Chronicle on a damaged file: a bad length, or a read past the end of a truncated mapping.
            throw damaged(index, e);
        }
    }

    private JournalFormatException damaged(long index, Throwable e) {
        return new JournalFormatException(
                "journal " + dir + ": record " + index + " cannot be read, its queue file is damaged or truncated (" + e
                        + ")",
                index,
                e);
    }

    private JournalFormatException missing(long index) {
        if (index == 0) {
            return new JournalFormatException("journal " + dir + " is empty: it holds no records, not even BOOT", 0);
        }
        long queued = queuedBeyond();
        if (queued > 0) {
            return decoder.corrupt(
                    index,
                    "its queue entry is unreadable, yet the queue's index lists " + queued
                            + " more entries: the queue file is damaged");
        }
        return new JournalFormatException(
                "journal " + dir + " ends after record " + (index - 1) + " without an end record: it is truncated"
                        + " (the run stopped before the journal was closed, or the file was cut)",
                index);
    }

    /** How many entries Chronicle's own index lists past the last one read; 0 if it lists none or cannot tell. */
    private long queuedBeyond() {
        try {
            long last = queue.lastIndex();
            if (last < 0 || lastQueueIndex < 0 || last <= lastQueueIndex) {
                return 0;
            }
            if (queue.rollCycle().toCycle(last) != queue.rollCycle().toCycle(lastQueueIndex)) {
                return 1;
            }
            return queue.rollCycle().toSequenceNumber(last) - queue.rollCycle().toSequenceNumber(lastQueueIndex);
        } catch (RuntimeException | InternalError e) {
            return 0; // the index itself lies in the damaged part: say truncated
        }
    }

    /** The index of the record {@link #next()} returned last, or -1 before the first. */
    public long index() {
        return nextIndex - 1;
    }

    /** The record {@link #next()} returned last, or {@code null}. */
    public JournalRecord current() {
        return current;
    }

    /** A copy of the bytes of the record {@link #next()} returned last (header, payload, CRC). */
    public byte[] currentBytes() {
        return Arrays.copyOf(buffer, current == null ? 0 : length);
    }

    /** Whether END has been read: the journal was complete. */
    public boolean ended() {
        return ended;
    }

    /**
     * The SHA-256 of the records read so far, as {@link ChronicleJournal#sha256Hex()} computes it: once END has been
     * read, it equals the digest the writer reported.
     */
    public String sha256Hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests must be cloneable on this JVM", e);
        }
    }

    /** Reads every record of the journal in {@code dir}, END included. */
    public static List<JournalRecord> readAll(Path dir) throws JournalFormatException {
        try (JournalReader reader = open(dir)) {
            List<JournalRecord> all = new ArrayList<>();
            for (JournalRecord r = reader.next(); r != null; r = reader.next()) {
                all.add(r);
            }
            return all;
        }
    }

    /** Closes the queue. Never throws. */
    @Override
    public void close() {
        try {
            tailer.close();
        } catch (RuntimeException | InternalError e) {
            // closing a damaged queue: nothing more to do
        }
        closeQuietly(queue);
    }

    private static void closeQuietly(SingleChronicleQueue queue) {
        if (queue == null) {
            return;
        }
        try {
            queue.close();
        } catch (RuntimeException | InternalError e) {
            // closing a damaged queue: nothing more to do
        }
    }
}
