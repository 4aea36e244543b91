package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of journal calls, recorded and read back, must give the records a simple model of the format
 * predicts. Seeded: the seed is in the test's name and in every assertion, and {@code -Dpvsim.seed=N} re-runs one.
 */
@Timeout(120)
class RandomizedRoundTripTest {
    private static final long BASE_SEED = 20261122L;

    @TempDir
    Path tmp;

    static LongStream seeds() {
        String one = System.getProperty("pvsim.seed");
        if (one != null) {
            return LongStream.of(Long.parseLong(one));
        }
        return new Random(BASE_SEED).longs(24);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomCallsRoundTripThroughChronicle(long seed) throws Exception {
        List<JournalRecord> expected = new ArrayList<>();
        Path dir = tmp.resolve("a");
        String digest;
        try (ChronicleJournal j = ChronicleJournal.create(dir)) {
            generate(seed, j, expected);
            j.close();
            digest = j.sha256Hex();
            assertThat(j.records()).as("seed %d: records", seed).isEqualTo(expected.size());
        }

        assertThat(JournalReader.readAll(dir))
                .as("seed %d: records read back", seed)
                .containsExactlyElementsOf(expected);

        Path again = tmp.resolve("b");
        try (ChronicleJournal j = ChronicleJournal.create(again)) {
            generate(seed, j, new ArrayList<>());
            j.close();
            assertThat(j.sha256Hex())
                    .as("seed %d: the same calls give the same digest", seed)
                    .isEqualTo(digest);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomCallsRoundTripInMemory(long seed) throws Exception {
        for (long variant = 0; variant < 20; variant++) {
            List<JournalRecord> expected = new ArrayList<>();
            MemoryJournal m = new MemoryJournal();
            generate(seed + variant * 0x9E3779B97F4A7C15L, m, expected);
            m.end();
            long end = expected.stream().mapToLong(JournalRecord::time).max().orElse(0);
            expected.add(new JournalRecord.End(Math.max(0, end), expected.size()));
            assertThat(m.decoded()).as("seed %d variant %d", seed, variant).containsExactlyElementsOf(expected);
        }
    }

    /**
     * Makes random calls on {@code journal} from {@code seed} and appends to {@code expected} the records the format
     * says they produce (with END when the journal is a ChronicleJournal, which writes it at close).
     */
    static void generate(long seed, Journal journal, List<JournalRecord> expected) {
        Random rnd = new Random(seed);
        BootParameters boot = new BootParameters(
                text(rnd),
                text(rnd),
                rnd.nextLong(),
                rnd.nextInt(),
                rnd.nextInt(),
                text(rnd),
                rnd.nextInt(),
                rnd.nextInt(),
                text(rnd),
                text(rnd));
        journal.boot(boot);
        expected.add(new JournalRecord.Boot(JournalFormat.FORMAT_VERSION, boot));
        byte[] pool = new byte[200_000];
        rnd.nextBytes(pool);
        int calls = rnd.nextInt(300);
        long latest = 0;
        for (int c = 0; c < calls; c++) {
            long time = rnd.nextInt(8) == 0 ? rnd.nextLong() : c * 1000L + rnd.nextInt(1000);
            latest = Math.max(latest, time);
            int domid = id(rnd);
            int vcpu = id(rnd);
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    LifecycleEvent e = LifecycleEvent.values()[rnd.nextInt(LifecycleEvent.values().length)];
                    long arg = rnd.nextLong();
                    journal.lifecycle(time, e, domid, arg);
                    expected.add(new JournalRecord.Lifecycle(time, e, domid, arg, false));
                }
                case 1 -> {
                    int op = rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(64);
                    long[] a = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()};
                    journal.hypercallBegin(domid, vcpu, time, op, a[0], a[1], a[2], a[3], a[4]);
                    List<JournalRecord.Segment> segments = new ArrayList<>();
                    List<JournalRecord> deferred = new ArrayList<>();
                    int steps = rnd.nextInt(6);
                    for (int s = 0; s < steps; s++) {
                        int kind = rnd.nextInt(3);
                        if (kind == 2) {
                            long t = time + rnd.nextInt(100);
                            latest = Math.max(latest, t);
                            LifecycleEvent e = LifecycleEvent.values()[rnd.nextInt(LifecycleEvent.values().length)];
                            int d = id(rnd);
                            long arg = rnd.nextLong();
                            journal.lifecycle(t, e, d, arg);
                            deferred.add(new JournalRecord.Lifecycle(t, e, d, arg, true));
                            continue;
                        }
                        boolean write = kind == 1;
                        boolean faulted = rnd.nextInt(4) == 0;
                        int len = rnd.nextInt(20) == 0 ? rnd.nextInt(100_000) : rnd.nextInt(300);
                        int off = rnd.nextInt(pool.length - len);
                        long va = rnd.nextLong();
                        if (write) {
                            journal.hypercallWrote(va, pool, off, len, faulted);
                        } else {
                            journal.hypercallRead(va, faulted ? null : pool, off, len, faulted);
                        }
                        byte[] bytes = write || !faulted ? Arrays.copyOfRange(pool, off, off + len) : new byte[0];
                        segments.add(new JournalRecord.Segment(write, faulted, va, len, bytes));
                    }
                    long result = rnd.nextLong();
                    journal.hypercallEnd(result);
                    expected.add(new JournalRecord.Hypercall(
                            domid, vcpu, time, op, a[0], a[1], a[2], a[3], a[4], result, segments));
                    expected.addAll(deferred);
                }
                case 2 -> {
                    int len = rnd.nextInt(600);
                    int off = rnd.nextInt(pool.length - len);
                    long va = rnd.nextLong();
                    long maddr = rnd.nextLong();
                    journal.guestWrite(domid, vcpu, time, va, maddr, pool, off, len);
                    expected.add(new JournalRecord.GuestWrite(
                            domid, vcpu, time, va, maddr, Arrays.copyOfRange(pool, off, off + len)));
                }
                case 3 -> {
                    int kind = rnd.nextInt(256);
                    long va = rnd.nextLong();
                    int error = rnd.nextInt();
                    journal.guestFault(domid, vcpu, time, kind, va, error);
                    expected.add(new JournalRecord.GuestFault(domid, vcpu, time, kind, va, error));
                }
                case 4 -> {
                    long rip = rnd.nextLong();
                    journal.upcall(domid, vcpu, time, rip);
                    expected.add(new JournalRecord.Upcall(domid, vcpu, time, rip));
                }
                case 5 -> {
                    int event = rnd.nextInt(256);
                    int port = rnd.nextInt();
                    long arg = rnd.nextLong();
                    journal.evtchn(time, event, domid, vcpu, port, arg);
                    expected.add(new JournalRecord.Evtchn(time, event, domid, vcpu, port, arg, false));
                }
                case 6 -> {
                    int op = rnd.nextInt(16);
                    int remote = rnd.nextInt();
                    long ref = rnd.nextLong();
                    int status = rnd.nextInt(20) - 16;
                    long arg = rnd.nextLong();
                    journal.gnttab(time, op, domid, remote, ref, status, arg);
                    expected.add(new JournalRecord.Gnttab(time, op, domid, remote, ref, status, arg, false));
                }
                default -> {
                    int pcpu = rnd.nextInt(JournalFormat.MAX_PCPU + 1);
                    int prevDomid = id(rnd);
                    int prevVcpu = id(rnd);
                    long slice = rnd.nextLong();
                    journal.scheduleBegin(pcpu, time);
                    journal.scheduleEnd(prevDomid, prevVcpu, domid, vcpu, slice);
                    expected.add(new JournalRecord.Schedule(pcpu, time, prevDomid, prevVcpu, domid, vcpu, slice));
                }
            }
        }
        if (journal instanceof ChronicleJournal) {
            expected.add(new JournalRecord.End(latest, expected.size()));
        }
    }

    /** A domid or vCPU: often small, sometimes -1 or the largest. */
    private static int id(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> JournalFormat.NONE;
            case 1 -> JournalFormat.MAX_ID;
            case 2 -> rnd.nextInt(JournalFormat.MAX_ID + 1);
            default -> rnd.nextInt(8);
        };
    }

    private static final String[] UNUSUAL = {"\u00e9", "\u4e2d", "\ud83d\ude00", "\u0000"};

    /** A string with multi-byte UTF-8 (two, three and four bytes) and NUL now and then. */
    private static String text(Random rnd) {
        StringBuilder s = new StringBuilder();
        int n = rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(10) == 0) {
                s.append(UNUSUAL[rnd.nextInt(UNUSUAL.length)]);
            } else {
                s.append((char) ('a' + rnd.nextInt(26)));
            }
        }
        return s.toString();
    }
}
