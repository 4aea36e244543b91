package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.Hypercall;

@Timeout(60)
class ChronicleJournalTest {
    @TempDir
    Path tmp;

    @Test
    void recordsEveryCallInOrderAndEndsWithTheCount() throws Exception {
        Workload w = Workload.generate(7, 200);
        MemoryJournal memory = new MemoryJournal();
        w.drive(memory, FakeHypervisor.Mutation.NONE, -1);
        memory.end();

        Path dir = tmp.resolve("j");
        long records;
        try (ChronicleJournal j = ChronicleJournal.create(dir)) {
            w.drive(j, FakeHypervisor.Mutation.NONE, -1);
            j.close();
            records = j.records();
        }

        List<JournalRecord> read = JournalReader.readAll(dir);
        assertThat(read).containsExactlyElementsOf(memory.decoded());
        assertThat(records).isEqualTo(read.size());
        assertThat(read.get(read.size() - 1))
                .isEqualTo(new JournalRecord.End(
                        read.stream().mapToLong(JournalRecord::time).max().orElseThrow(), read.size() - 1));
    }

    @Test
    void theSameCallsGiveTheSameDigestAndTheSameRecordBytes() throws Exception {
        Workload w = Workload.generate(11, 300);
        String first = w.record(tmp.resolve("a"));
        String second = w.record(tmp.resolve("b"));

        assertThat(first).hasSize(64).isEqualTo(second);
        assertThat(rawRecords(tmp.resolve("a"))).isNotEmpty();
        assertThat(rawRecords(tmp.resolve("a")))
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(rawRecords(tmp.resolve("b")));
        assertThat(fileNames(tmp.resolve("a"))).isEqualTo(fileNames(tmp.resolve("b")));
    }

    @Test
    void differentCallsGiveDifferentDigests() throws Exception {
        Workload w = Workload.generate(11, 300);
        Workload changed = Workload.generate(11, 300);
        int i = 0;
        while (!(changed.inputs.get(i) instanceof JournalRecord.GuestWrite)) {
            i++;
        }
        JournalRecord.GuestWrite g = (JournalRecord.GuestWrite) changed.inputs.get(i);
        byte[] bytes = g.bytes().clone();
        bytes[0] ^= 1;
        changed.inputs.set(i, new JournalRecord.GuestWrite(g.domid(), g.vcpu(), g.time(), g.va(), g.maddr(), bytes));

        assertThat(w.record(tmp.resolve("a"))).isNotEqualTo(changed.record(tmp.resolve("b")));
    }

    @Test
    void theDigestCoversEveryRecordAsStoredIncludingEnd() throws Exception {
        Path dir = tmp.resolve("j");
        String digest = Workload.generate(3, 50).record(dir);

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] r : rawRecords(dir)) {
            sha.update(r);
        }
        assertThat(digest).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.next() != null) {}
            assertThat(reader.sha256Hex()).isEqualTo(digest);
        }
    }

    @Test
    void theDigestBeforeCloseCoversTheRecordsSoFar() throws Exception {
        try (ChronicleJournal j = ChronicleJournal.create(tmp.resolve("j"))) {
            j.boot(FakeHypervisor.PARAMS);
            String afterBoot = j.sha256Hex();
            assertThat(j.sha256Hex())
                    .as("reading the digest does not change it")
                    .isEqualTo(afterBoot);
            j.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, 1);
            assertThat(j.sha256Hex()).isNotEqualTo(afterBoot);
            String beforeClose = j.sha256Hex();
            j.close();
            assertThat(j.sha256Hex()).isNotEqualTo(beforeClose);
            assertThat(j.records()).isEqualTo(3);
        }
    }

    @Test
    void refusesADirectoryThatAlreadyHoldsAJournal() throws Exception {
        Path dir = tmp.resolve("j");
        Workload.generate(1, 5).record(dir);

        assertThatThrownBy(() -> ChronicleJournal.create(dir))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("already holds a journal");
        assertThat(JournalReader.readAll(dir)).isNotEmpty();
    }

    @Test
    void refusesAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> ChronicleJournal.create(file)).hasMessageContaining("is a file");
    }

    @Test
    void closingInsideAHypercallWritesNoEnd() throws Exception {
        Path dir = tmp.resolve("j");
        try (ChronicleJournal j = ChronicleJournal.create(dir)) {
            j.boot(FakeHypervisor.PARAMS);
            j.hypercallBegin(0, 0, 10, Hypercall.domctl.number, 0, 0, 0, 0, 0);
        }
        assertThatThrownBy(() -> JournalReader.readAll(dir))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("ends after record 0 without an end record: it is truncated");
    }

    /** Every record's bytes, as the reader returns them. */
    static List<byte[]> rawRecords(Path dir) throws JournalFormatException {
        List<byte[]> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.next() != null) {
                out.add(reader.currentBytes());
            }
        }
        return out;
    }

    private static List<String> fileNames(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
