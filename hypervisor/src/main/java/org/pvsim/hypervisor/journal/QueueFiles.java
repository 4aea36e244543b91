package org.pvsim.hypervisor.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

/**
 * How a journal maps onto Chronicle Queue files, in one place for the writer and the reader. A journal is one
 * directory holding one queue: one cycle file ({@code 19700101H.cq4}) and Chronicle's {@code metadata.cq4t}.
 *
 * <p>The queue's clock is fixed at 0, so file names never depend on the wall clock, and the roll cycle ({@code
 * HUGE_DAILY}, 2^40 excerpts per cycle) never rolls during a run: the whole journal is one cycle file.
 */
final class QueueFiles {
    /** Chronicle's clock for journals: always the epoch, so the same run names its files the same way. */
    static final TimeProvider FIXED_CLOCK = () -> 0L;
    /** Large enough that a run never rolls; with the fixed clock it could not roll anyway. */
    static final RollCycle ROLL_CYCLE = LargeRollCycles.HUGE_DAILY;
    /** The suffix of Chronicle's cycle files, which hold the excerpts. */
    static final String CYCLE_SUFFIX = ".cq4";
    /** Chronicle's metadata file. */
    static final String METADATA_SUFFIX = ".cq4t";

    private QueueFiles() {}

    /** Opens the journal queue in {@code dir}; {@code readOnly} for readers, so that they never change a file. */
    static SingleChronicleQueue open(Path dir, boolean readOnly) {
        return SingleChronicleQueueBuilder.binary(dir)
                .timeProvider(FIXED_CLOCK)
                .rollCycle(ROLL_CYCLE)
                .readOnly(readOnly)
                .build();
    }

    /** The cycle files in {@code dir}, sorted by name (empty if there are none). */
    static List<Path> cycleFiles(Path dir) throws IOException {
        return filesEndingWith(dir, CYCLE_SUFFIX);
    }

    /** Every queue file in {@code dir} (cycle and metadata files), sorted by name. */
    static List<Path> queueFiles(Path dir) throws IOException {
        List<Path> all = filesEndingWith(dir, CYCLE_SUFFIX);
        all.addAll(filesEndingWith(dir, METADATA_SUFFIX));
        all.sort(null);
        return all;
    }

    private static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path p : files) {
                found.add(p);
            }
        }
        found.sort(null);
        return found;
    }
}
