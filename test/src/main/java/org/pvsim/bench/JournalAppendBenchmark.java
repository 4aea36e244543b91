package org.pvsim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.ChronicleJournal;

/**
 * Recording one typical hypercall record (an {@code mmu_update} of one request: a 16-byte read and a 4-byte write
 * segment, 120 bytes with its header and CRC) into pvsim's journal, against its baseline: appending a 120-byte
 * excerpt to a raw Chronicle Queue, in the same run. The ratio of the two is what the journal's encoding, CRC and
 * SHA-256 cost on top of Chronicle itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalAppendBenchmark {
    /** The size of the journal record appended in {@link #journalHypercall}, for the baseline to match. */
    static final int RECORD_BYTES = 120;

    private Path dir;
    private ChronicleJournal journal;
    private ChronicleQueue raw;
    private ExcerptAppender appender;
    private Bytes<?> excerpt;
    private final byte[] request = new byte[16];
    private final byte[] done = new byte[4];
    private long time;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("pvsim-bench");
        journal = ChronicleJournal.create(dir.resolve("journal"));
        journal.boot(new BootParameters("bench", "bench", 1, 1, 4096, "rr", 1024, 1, "pvsim-pv", ""));
        raw = SingleChronicleQueueBuilder.single(dir.resolve("raw").toFile())
                .timeProvider(() -> 0L)
                .rollCycle(LargeRollCycles.LARGE_DAILY)
                .build();
        appender = raw.createAppender();
        excerpt = Bytes.allocateElasticDirect(RECORD_BYTES);
        for (int i = 0; i < RECORD_BYTES; i++) {
            excerpt.writeByte((byte) i);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        journal.close();
        raw.close();
        excerpt.releaseLast();
    }

    /** Baseline: one raw Chronicle excerpt of the same size. */
    @Benchmark
    public void rawChronicleAppend() {
        appender.writeBytes(excerpt);
    }

    /** One hypercall record with a read and a write segment. */
    @Benchmark
    public void journalHypercall() {
        time += 100;
        journal.hypercallBegin(1, 0, time, 1, 0xFFFF880000001000L, 1, 0xFFFF880000002000L, 0x7FF0, 0);
        journal.hypercallRead(0xFFFF880000001000L, request, 0, request.length, false);
        journal.hypercallWrote(0xFFFF880000002000L, done, 0, done.length, false);
        journal.hypercallEnd(0);
    }
}
