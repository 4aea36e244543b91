package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.LittleEndian;

/** Every kind of damage becomes a JournalFormatException that names the problem and the record; nothing hangs. */
@Timeout(60)
class JournalReaderDamageTest {
    @TempDir
    Path tmp;

    private Path dir;

    private Path journal(long seed, int steps) throws Exception {
        dir = tmp.resolve("journal");
        Workload.generate(seed, steps).record(dir);
        return dir;
    }

    private static JournalFormatException readFails(Path dir) {
        JournalFormatException e = catchThrowableOfType(JournalFormatException.class, () -> JournalReader.readAll(dir));
        assertThat(e).as("reading %s should fail", dir).isNotNull();
        System.out.println(e.getMessage()); // the messages users see, kept in the surefire report
        return e;
    }

    @Test
    void aMissingDirectory() {
        JournalFormatException e = readFails(tmp.resolve("nowhere"));
        assertThat(e).hasMessage("journal " + tmp.resolve("nowhere") + " does not exist");
        assertThat(e.recordIndex()).isEqualTo(JournalFormatException.NO_RECORD);
    }

    @Test
    void aFileInsteadOfADirectory() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "not a journal");
        assertThat(readFails(f)).hasMessageContaining("is not a directory");
    }

    @Test
    void aDirectoryWithNoQueueFiles() {
        assertThat(readFails(tmp)).hasMessageContaining("holds no queue files (*.cq4)");
    }

    @Test
    void aDeletedCycleFile() throws Exception {
        journal(1, 20);
        Files.delete(RawQueue.cycleFile(dir));
        assertThat(readFails(dir)).hasMessageContaining("holds no queue files");
    }

    @Test
    void anEmptyQueue() {
        dir = tmp.resolve("empty");
        RawQueue.writeEmptyQueue(dir);
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessageContaining("is empty: it holds no records");
        assertThat(e.recordIndex()).isZero();
    }

    @Test
    void aFirstRecordThatIsNotBoot() throws Exception {
        MemoryJournal m = new MemoryJournal();
        m.boot(FakeHypervisor.PARAMS);
        m.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, 1);
        dir = tmp.resolve("j");
        RawQueue.append(dir, List.of(m.records.get(1)));
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessageContaining("record 0 is a LIFECYCLE record, not a boot record");
        assertThat(e.recordIndex()).isZero();
    }

    @Test
    void aBadMagic() throws Exception {
        MemoryJournal m = new MemoryJournal();
        m.boot(FakeHypervisor.PARAMS);
        dir = tmp.resolve("j");
        RawQueue.append(dir, List.of(RecordFormatTest.withCrc(m.records.get(0), b -> b[18] = 'X')));
        assertThat(readFails(dir)).hasMessageContaining("record 0 has bad magic 0x4a535658");
    }

    @Test
    void anotherFormatVersion() throws Exception {
        dir = tmp.resolve("v2");
        try (ChronicleJournal j = ChronicleJournal.create(dir, JournalFormat.FORMAT_VERSION + 1)) {
            j.boot(FakeHypervisor.PARAMS);
        }
        JournalFormatException e = readFails(dir);
        assertThat(e)
                .hasMessageContaining("written in journal format version " + (JournalFormat.FORMAT_VERSION + 1))
                .hasMessageContaining("reads only version " + JournalFormat.FORMAT_VERSION)
                .hasMessageContaining("record 0");
        assertThat(e.recordIndex()).isZero();
    }

    @Test
    void aVersion3JournalWithoutGnttabRecordsIsRefusedByNameAndVersionAndReplayExitsWith2() throws Exception {
        dir = tmp.resolve("v3");
        try (ChronicleJournal j = ChronicleJournal.create(dir, 3)) {
            j.boot(FakeHypervisor.PARAMS);
        }
        assertThat(readFails(dir))
                .hasMessageContaining("journal " + dir)
                .hasMessageContaining("written in journal format version 3")
                .hasMessageContaining("reads only version " + JournalFormat.FORMAT_VERSION);
        ReplayResult r = Replayer.replay(dir, FakeHypervisor.factory(FakeHypervisor.Mutation.NONE, -1));
        assertThat(r).isInstanceOf(ReplayResult.Unreadable.class);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.summary()).contains("format version 3");
    }

    @Test
    void aFlippedByteInsideARecordIsACrcMismatchAtThatRecord() throws Exception {
        journal(5, 100);
        List<byte[]> records = ChronicleJournalTest.rawRecords(dir);
        int victim = records.size() / 2;
        byte[] target = records.get(victim);
        long at = RawQueue.find(RawQueue.cycleFile(dir), target);
        assertThat(at).as("record %d is in the file", victim).isPositive();
        try (RandomAccessFile f = new RandomAccessFile(RawQueue.cycleFile(dir).toFile(), "rw")) {
            long middle = at + target.length / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x20);
        }
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessage("journal " + dir + ": record " + victim + " is corrupt (CRC mismatch)");
        assertThat(e.recordIndex()).isEqualTo(victim);
        try (JournalReader reader = JournalReader.open(dir)) {
            for (int i = 0; i < victim; i++) {
                assertThat(reader.next()).isNotNull();
            }
            assertThatThrownBy(reader::next).hasMessageContaining("record " + victim);
            assertThatThrownBy(reader::next)
                    .as("the reader does not step over a bad record")
                    .hasMessageContaining("record " + victim);
        }
    }

    @Test
    void aRecordShorterThanItsHeaderSays() throws Exception {
        MemoryJournal m = new MemoryJournal();
        Workload.generate(2, 10).drive(m, FakeHypervisor.Mutation.NONE, -1);
        List<byte[]> records = new ArrayList<>(m.records);
        byte[] third = records.get(3);
        records.set(3, java.util.Arrays.copyOf(third, third.length - 6));
        dir = tmp.resolve("j");
        RawQueue.append(dir, records);
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessageContaining("record 3 is corrupt (it is shorter than its header says");
        assertThat(e.recordIndex()).isEqualTo(3);
    }

    @Test
    void anUnknownKind() throws Exception {
        MemoryJournal m = new MemoryJournal();
        Workload.generate(2, 10).drive(m, FakeHypervisor.Mutation.NONE, -1);
        List<byte[]> records = new ArrayList<>(m.records);
        records.set(2, RecordFormatTest.withCrc(records.get(2), b -> b[0] = 42));
        dir = tmp.resolve("j");
        RawQueue.append(dir, records);
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessageContaining("record 2 is corrupt (unknown record kind 42)");
        assertThat(e.recordIndex()).isEqualTo(2);
    }

    @Test
    void aJournalWithoutEndIsTruncated() throws Exception {
        MemoryJournal m = new MemoryJournal();
        Workload.generate(2, 10).drive(m, FakeHypervisor.Mutation.NONE, -1);
        dir = tmp.resolve("j");
        RawQueue.append(dir, m.records);
        JournalFormatException e = readFails(dir);
        int last = m.records.size() - 1;
        assertThat(e)
                .hasMessage("journal " + dir + " ends after record " + last
                        + " without an end record: it is truncated (the run stopped before the journal was closed,"
                        + " or the file was cut)");
        assertThat(e.recordIndex()).isEqualTo(last + 1);
    }

    @Test
    void aCycleFileCutInTheMiddle() throws Exception {
        journal(9, 400);
        List<byte[]> records = ChronicleJournalTest.rawRecords(dir);
        int victim = records.size() / 2;
        Path file = RawQueue.cycleFile(dir);
        long at = RawQueue.find(file, records.get(victim));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(at + 3); // inside the record's bytes
        }
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessageContaining("ends inside record " + victim + ": it is truncated");
        assertThat(e.recordIndex()).isEqualTo(victim);
    }

    @Test
    void aCycleFileCutBetweenRecords() throws Exception {
        journal(9, 400);
        List<byte[]> records = ChronicleJournalTest.rawRecords(dir);
        int victim = records.size() / 3;
        Path file = RawQueue.cycleFile(dir);
        long at = RawQueue.find(file, records.get(victim));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(at - 4); // just before Chronicle's header of that excerpt
        }
        JournalFormatException e = readFails(dir);
        assertThat(e)
                .hasMessageContaining("ends after record " + (victim - 1) + " without an end record: it is truncated");
        assertThat(e.recordIndex()).isEqualTo(victim);
    }

    @Test
    void bytesOverwrittenInTheMiddleOfTheFile() throws Exception {
        journal(4, 400);
        List<byte[]> records = ChronicleJournalTest.rawRecords(dir);
        Path file = RawQueue.cycleFile(dir);
        long first = RawQueue.find(file, records.get(0));
        long last = RawQueue.find(file, records.get(records.size() - 1));
        long middle = (first + last) / 2;
        for (int pattern : new int[] {0xFF, 0x00, 0x7F}) {
            Path copy = tmp.resolve("copy-" + pattern);
            copyJournal(dir, copy);
            try (RandomAccessFile f =
                    new RandomAccessFile(RawQueue.cycleFile(copy).toFile(), "rw")) {
                f.seek(middle);
                for (int i = 0; i < 64; i++) {
                    f.write(pattern);
                }
            }
            JournalFormatException e = readFails(copy);
            assertThat(e.getMessage()).as("pattern 0x%02x", pattern).startsWith("journal " + copy);
            assertThat(e.recordIndex()).as("pattern 0x%02x", pattern).isBetween(1L, (long) records.size());
        }
    }

    @Test
    void everyHeaderWordOverwrittenInTurnIsReportedNotThrown() throws Exception {
        journal(6, 30);
        List<byte[]> records = ChronicleJournalTest.rawRecords(dir);
        Path file = RawQueue.cycleFile(dir);
        long start = RawQueue.find(file, records.get(5)) - 4; // Chronicle's header of record 5
        long end = RawQueue.find(file, records.get(7));
        for (int word : new int[] {0x7FFFFFFF, Integer.reverseBytes(0x7FFFFFFF), 0, 0x80000000}) {
            for (long at = start; at < end; at += 4) {
                Path copy = tmp.resolve("copy-" + at + "-" + Integer.toHexString(word));
                copyJournal(dir, copy);
                try (RandomAccessFile f =
                        new RandomAccessFile(RawQueue.cycleFile(copy).toFile(), "rw")) {
                    f.seek(at);
                    if (f.readInt() == word) {
                        deleteJournal(copy);
                        continue; // writing what is there damages nothing
                    }
                    f.seek(at);
                    f.writeInt(word);
                }
                JournalFormatException e = readFails(copy);
                assertThat(e.recordIndex())
                        .as("damage at %d: %s", at, e.getMessage())
                        .isBetween(5L, 8L);
                deleteJournal(copy);
            }
        }
    }

    @Test
    void aRecordAfterEnd() throws Exception {
        journal(3, 10);
        int count = ChronicleJournalTest.rawRecords(dir).size();
        MemoryJournal m = new MemoryJournal();
        m.boot(FakeHypervisor.PARAMS);
        m.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 1, 1);
        RawQueue.append(dir, List.of(m.records.get(1)));
        JournalFormatException e = readFails(dir);
        assertThat(e).hasMessageContaining("record " + count + " is corrupt (a record after the END record)");
    }

    @Test
    void anEndWithTheWrongCount() throws Exception {
        MemoryJournal m = new MemoryJournal();
        m.boot(FakeHypervisor.PARAMS);
        m.end();
        byte[] end = RecordFormatTest.withCrc(m.records.get(1), b -> LittleEndian.putI64(b, 18, 5));
        dir = tmp.resolve("j");
        RawQueue.append(dir, List.of(m.records.get(0), end));
        assertThat(readFails(dir))
                .hasMessageContaining(
                        "record 1 is corrupt (the END record counts 5 records before it, the journal has 1)");
    }

    @Test
    void aSecondBoot() throws Exception {
        MemoryJournal m = new MemoryJournal();
        m.boot(FakeHypervisor.PARAMS);
        dir = tmp.resolve("j");
        RawQueue.append(dir, List.of(m.records.get(0), m.records.get(0)));
        assertThat(readFails(dir)).hasMessageContaining("record 1 is corrupt (a second BOOT record");
    }

    @Test
    void readingNeverChangesTheFiles() throws Exception {
        journal(8, 50);
        List<byte[]> records = ChronicleJournalTest.rawRecords(dir);
        Path file = RawQueue.cycleFile(dir);
        long cut = RawQueue.find(file, records.get(records.size() / 2)) + 7;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(cut);
        }
        long size = Files.size(file);
        byte[] before = Files.readAllBytes(file);
        readFails(dir);
        assertThat(Files.size(file)).isEqualTo(size);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    private static void deleteJournal(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void copyJournal(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
