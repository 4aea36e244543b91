package org.pvsim.hypervisor.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Writes raw excerpts into a journal queue, bypassing the encoder: to build damaged or foreign journals in tests. */
final class RawQueue {
    private RawQueue() {}

    /** Appends each byte array as one excerpt to the queue in {@code dir}. */
    static void append(Path dir, List<byte[]> excerpts) {
        try (SingleChronicleQueue q = QueueFiles.open(dir, false);
                ExcerptAppender a = q.createAppender()) {
            for (byte[] e : excerpts) {
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().write(e);
                }
            }
        }
    }

    /** Creates a queue whose cycle file holds only a Chronicle metadata entry: a queue with no records. */
    static void writeEmptyQueue(Path dir) {
        try (SingleChronicleQueue q = QueueFiles.open(dir, false);
                ExcerptAppender a = q.createAppender()) {
            try (DocumentContext dc = a.writingDocument(true)) {
                dc.wire().bytes().writeInt(0);
            }
        }
    }

    /** The one cycle file of the journal in {@code dir}. */
    static Path cycleFile(Path dir) throws IOException {
        List<Path> files = QueueFiles.cycleFiles(dir);
        if (files.size() != 1) {
            throw new IllegalStateException("expected one cycle file in " + dir + ", found " + files);
        }
        return files.get(0);
    }

    /** The offset of the first occurrence of {@code pattern} in {@code file}, or -1. */
    static long find(Path file, byte[] pattern) throws IOException {
        byte[] all = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + pattern.length <= all.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (all[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
