package org.pvsim.bench;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pvsim.dom0.boot.CatalogOfGuestWorkloads;
import org.pvsim.dom0.boot.ScenarioSimulation;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioLoader;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.journal.Journal;

/**
 * The split drivers' simulation speed against raw Disruptor 1P1C in the same run ({@code BENCHMARKING.md}).
 *
 * <ul>
 *   <li>{@link #disruptor1p1c}: the baseline, one producer thread publishing events that each carry a copy of a
 *       {@code size}-byte frame into a 1024-slot ring, one consumer thread copying it out (yielding wait strategy):
 *       frames per second moved between two threads.
 *   <li>{@link #netEcho}: a whole host, journal off: two domUs exchange {@value #ROUND_TRIPS} echo frames of {@code
 *       size} bytes through netfront, netback's grant copies and dom0's bridge ({@value #FRAMES_PER_RUN} frames each
 *       cross a TX ring, dom0 and an RX ring). Frames per second = {@value #FRAMES_PER_RUN} / the time per op.
 *   <li>{@link #diskQd32}: a whole host, journal off: {@value #REQUESTS} checksummed 4 KiB requests at queue depth 32
 *       through blkfront, blkback and an in-memory image. IOPS = {@value #REQUESTS} / the time per op.
 * </ul>
 *
 * pvsim runs on the benchmark thread alone; its figures include booting the host (about 10 ms of wall time).
 * Run: {@code mvn -B -Pbench -DskipTests -pl test -am package}, then {@code java <pvsim.jvm.flags> -jar
 * test/target/benchmarks.jar SplitDriverBenchmark}.
 */
@State(Scope.Benchmark)
public class SplitDriverBenchmark {
    static final int RING = 1024;
    static final int BATCH = 100_000;
    static final int ROUND_TRIPS = 2000;
    static final int FRAMES_PER_RUN = 2 * ROUND_TRIPS;
    static final int REQUESTS = 20_000;

    @Param({"64", "1500"})
    public int size;

    /** A reused ring entry carrying one frame. */
    public static final class Slot {
        final byte[] frame = new byte[1514];
        int len;
    }

    private RingBuffer<Slot> ring;
    private final byte[] source = new byte[1514];
    private final byte[] sink = new byte[1514];
    private volatile long consumed;
    private Thread consumer;
    private ResolvedScenario net;
    private ResolvedScenario disk;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ring = RingBuffer.createSingleProducer(Slot::new, RING, new YieldingWaitStrategy());
        EventHandler<Slot> handler = (slot, seq, end) -> {
            System.arraycopy(slot.frame, 0, sink, 0, slot.len);
            consumed = seq + 1;
        };
        BatchEventProcessor<Slot> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        consumer = new Thread(processor, "disruptor-consumer");
        consumer.setDaemon(true);
        consumer.start();
        ScenarioLoader loader = new ScenarioLoader(new CatalogOfGuestWorkloads());
        net = loader.loadFile(write("net", NET.replace("SIZE", Integer.toString(size))));
        disk = loader.loadFile(write("disk", DISK));
    }

    private static Path write(String name, String text) throws Exception {
        Path dir = Files.createTempDirectory("pvsim-bench");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consumer.interrupt();
    }

    /** Baseline: {@value #BATCH} frames of {@code size} bytes from one thread to another. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public long disruptor1p1c() {
        long last = 0;
        for (int i = 0; i < BATCH; i++) {
            long seq = ring.next();
            Slot s = ring.get(seq);
            System.arraycopy(source, 0, s.frame, 0, size);
            s.len = size;
            ring.publish(seq);
            last = seq;
        }
        while (consumed <= last) {
            Thread.onSpinWait();
        }
        return last;
    }

    /** {@value #ROUND_TRIPS} echo round trips between two domUs through the network split driver. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Hypervisor netEcho() {
        return ScenarioSimulation.simulate(net, Journal.OFF);
    }

    /** {@value #REQUESTS} block requests at queue depth 32 through the block split driver. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Hypervisor diskQd32() {
        return ScenarioSimulation.simulate(disk, Journal.OFF);
    }

    private static final String NET = """
            name: bench-net
            duration: 30ms
            host: { pcpus: 3, memory: 1GiB, scheduler: credit2, dom0_mem: 256MiB, dom0_max_vcpus: 2 }
            domains:
              - config: |
                  name = "a"
                  memory = 64
                  vif = [ 'mac=00:16:3e:00:00:01' ]
                workload: net
                args: { role: ping, peer: 2, count: 2000, size: SIZE }
              - config: |
                  name = "b"
                  memory = 64
                  vif = [ 'mac=00:16:3e:00:00:02' ]
                workload: net
                args: { role: pong, count: 2000 }
            """;

    private static final String DISK = """
            name: bench-disk
            duration: 80ms
            host: { pcpus: 3, memory: 1GiB, scheduler: credit2, dom0_mem: 256MiB, dom0_max_vcpus: 2 }
            domains:
              - config: |
                  name = "io"
                  memory = 64
                  disk = [ 'mem:64M,raw,xvda,rw' ]
                workload: disk
                args: { op: rw, qd: 32, count: 20000, span: 16 }
            """;
}
