package org.pvsim.hypervisor.journal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The recording {@link Journal}: appends one Chronicle Queue excerpt per record ({@link JournalFormat}) to a new queue
 * in its own directory, and keeps a count and a SHA-256 digest of the records.
 *
 * <p>Invariants: the same sequence of calls gives byte-identical records and so the same {@link #sha256Hex()}; the
 * digest covers every record appended, in order, each as stored (header, payload and CRC, without Chronicle's own
 * excerpt header), END included once the journal is closed. Recording allocates nothing per record. Not thread-safe:
 * the hypervisor reports from one thread.
 *
 * <p>Use: {@link #create} a journal in a fresh directory, hand it to the hypervisor, and {@link #close()} it when the
 * run ends; close writes END, the mark of a complete journal. If the run stops inside a hypercall, close writes no END
 * (the hypercall's record was never completed), and the journal reads as truncated, which it is.
 */
public final class ChronicleJournal extends EncodingJournal implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final MessageDigest digest;
    private String finalDigest;
    private boolean closed;

    private ChronicleJournal(Path dir, int formatVersion, SingleChronicleQueue queue) {
        super(formatVersion);
        this.dir = dir;
        this.queue = queue;
        this.appender = queue.createAppender();
        this.digest = sha256();
    }

    /**
     * Creates a journal in {@code dir}, creating the directory if needed. Refuses a directory that already holds a
     * journal (or any Chronicle queue file), so that a run never appends to or overwrites another run's journal.
     *
     * @throws FileAlreadyExistsException if {@code dir} already holds queue files
     * @throws IOException if the directory or the queue cannot be created
     */
    public static ChronicleJournal create(Path dir) throws IOException {
        return create(dir, JournalFormat.FORMAT_VERSION);
    }

    /** As {@link #create(Path)}, writing {@code formatVersion} in BOOT: for tests of version checks. */
    static ChronicleJournal create(Path dir, int formatVersion) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + ": a journal is a directory, and this is a file");
        }
        Files.createDirectories(dir);
        List<Path> existing = QueueFiles.queueFiles(dir);
        if (!existing.isEmpty()) {
            throw new FileAlreadyExistsException(
                    dir.toString(),
                    null,
                    "already holds a journal (" + existing.get(0).getFileName()
                            + "); a run writes a new journal in an empty directory and never overwrites one");
        }
        SingleChronicleQueue queue;
        try {
            queue = QueueFiles.open(dir, false);
        } catch (RuntimeException e) {
            throw new IOException("journal " + dir + ": cannot create the queue: " + e.getMessage(), e);
        }
        return new ChronicleJournal(dir, formatVersion, queue);
    }

    @Override
    void emit(byte[] bytes, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("journal " + dir + " is closed");
        }
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(bytes, offset, length);
        }
        digest.update(bytes, offset, length);
    }

    /** The journal's directory. */
    public Path directory() {
        return dir;
    }

    /**
     * The SHA-256 of every record appended so far, in order, as 64 lowercase hex digits. After {@link #close()} it
     * covers END too and no longer changes. Two runs journalled the same calls exactly when their digests are equal.
     */
    public String sha256Hex() {
        if (finalDigest != null) {
            return finalDigest;
        }
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests must be cloneable on this JVM", e);
        }
    }

    /**
     * Writes END (unless a hypercall is still in progress: see the class comment) and closes the queue. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (!hypercallInProgress()) {
                emitEnd();
            }
        } finally {
            closed = true;
            finalDigest = HexFormat.of().formatHex(digest.digest());
            appender.close();
            queue.close();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
