package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;

class RecordFormatTest {
    private static final byte[] READ = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final byte[] WROTE = {-1, -2, -3};
    private static final byte[] STORE = {0x55, 0x66};

    /** One call of every kind, and the records they must decode to. */
    private static MemoryJournal everyKind() {
        MemoryJournal j = new MemoryJournal();
        j.boot(FakeHypervisor.PARAMS);
        j.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, 2);
        j.hypercallBegin(1, 0, 1000, Hypercall.mmu_update.number, 0xffff880000123000L, 1, 0, 0x7ff0, -1);
        j.hypercallRead(0xffff880000123000L, READ, 0, READ.length, false);
        j.hypercallRead(0xdead0000L, null, 0, 8, true);
        j.lifecycle(1100, LifecycleEvent.DOMAIN_PAUSED, 1, 1);
        j.hypercallWrote(0xffff880000124000L, WROTE, 0, WROTE.length, false);
        j.hypercallWrote(0xffff880000125000L, WROTE, 1, 2, true);
        j.hypercallEnd(Errno.EINVAL.neg());
        j.guestWrite(1, 1, 2000, 0xffff880000126000L, 0x1234000L, STORE, 0, STORE.length);
        j.scheduleBegin(1, 3000);
        j.trace(3000, 0x21001, 1, 0, 2, 0);
        j.scheduleEnd(-1, -1, 1, 0, 30_000_000);
        j.timerBegin(3500, 2, 1, 0, 0);
        j.evtchn(3500, 2, 1, 0, 5, 1);
        j.timerEnd();
        j.gnttab(3550, 0, 1, 2, 9, -3, -1);
        j.upcall(1, 0, 3600, 0xffffffff80001000L);
        j.guestFault(2, 0, 4000, GuestFaultKind.PAGE_FAULT.code, 0xbad000L, 6);
        j.lifecycle(4000, LifecycleEvent.DOMAIN_SHUTDOWN, 2, 3);
        j.portIoBegin(0, 1, 4100, 0xC11C, 4, JournalFormat.PORT_IO_WRITE, 0x12345678);
        j.evtchn(4100, 2, 0, 0, 7, 1);
        j.portIoEnd();
        j.end();
        return j;
    }

    private static List<JournalRecord> expectedEveryKind() {
        return List.of(
                new JournalRecord.Boot(JournalFormat.FORMAT_VERSION, FakeHypervisor.PARAMS),
                new JournalRecord.Lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, 2, false),
                new JournalRecord.Hypercall(
                        1,
                        0,
                        1000,
                        Hypercall.mmu_update.number,
                        0xffff880000123000L,
                        1,
                        0,
                        0x7ff0,
                        -1,
                        Errno.EINVAL.neg(),
                        List.of(
                                new JournalRecord.Segment(false, false, 0xffff880000123000L, 16, READ),
                                new JournalRecord.Segment(false, true, 0xdead0000L, 8, new byte[0]),
                                new JournalRecord.Segment(true, false, 0xffff880000124000L, 3, WROTE),
                                new JournalRecord.Segment(
                                        true, true, 0xffff880000125000L, 2, Arrays.copyOfRange(WROTE, 1, 3)))),
                new JournalRecord.Lifecycle(1100, LifecycleEvent.DOMAIN_PAUSED, 1, 1, true),
                new JournalRecord.GuestWrite(1, 1, 2000, 0xffff880000126000L, 0x1234000L, STORE),
                new JournalRecord.Schedule(1, 3000, -1, -1, 1, 0, 30_000_000),
                new JournalRecord.Trace(3000, 0x21001, 1, 0, 2, 0, true),
                new JournalRecord.TimerFired(3500, 2, 1, 0, 0),
                new JournalRecord.Evtchn(3500, 2, 1, 0, 5, 1, true),
                new JournalRecord.Gnttab(3550, 0, 1, 2, 9, -3, -1, false),
                new JournalRecord.Upcall(1, 0, 3600, 0xffffffff80001000L),
                new JournalRecord.GuestFault(2, 0, 4000, GuestFaultKind.PAGE_FAULT.code, 0xbad000L, 6),
                new JournalRecord.Lifecycle(4000, LifecycleEvent.DOMAIN_SHUTDOWN, 2, 3, false),
                new JournalRecord.PortIo(0, 1, 4100, 0xC11C, 4, true, false, 0x12345678),
                new JournalRecord.Evtchn(4100, 2, 0, 0, 7, 1, true),
                new JournalRecord.End(4100, 15));
    }

    @Test
    void everyKindRoundTripsThroughEncodeAndDecode() throws Exception {
        assertThat(everyKind().decoded()).containsExactlyElementsOf(expectedEveryKind());
    }

    @Test
    void everyKindOfRecordIsCovered() {
        assertThat(expectedEveryKind().stream().map(JournalRecord::kind).distinct())
                .containsExactlyInAnyOrder(RecordKind.values());
    }

    @Test
    void gnttabRecordHasTheDocumentedLayout() throws Exception {
        MemoryJournal j = new MemoryJournal();
        j.boot(FakeHypervisor.PARAMS);
        j.gnttab(0x10, 7, 3, -1, 0x1122334455L, -8, 0x99);
        byte[] r = j.records.get(1);

        assertThat(r).hasSize(18 + JournalFormat.GNTTAB_SIZE + 4);
        assertThat(r[0]).isEqualTo((byte) 12); // kind GNTTAB
        assertThat(Arrays.copyOfRange(r, 2, 6)).containsExactly(3, 0, 0xFF, 0xFF); // domid 3, vcpu -1
        assertThat(LittleEndian.getI32(r, 18 + JournalFormat.GNTTAB_OP_OFFSET)).isEqualTo(7);
        assertThat(LittleEndian.getI32(r, 18 + JournalFormat.GNTTAB_REMOTE_DOMID_OFFSET))
                .isEqualTo(-1);
        assertThat(LittleEndian.getI64(r, 18 + JournalFormat.GNTTAB_REF_OFFSET)).isEqualTo(0x1122334455L);
        assertThat(LittleEndian.getI32(r, 18 + JournalFormat.GNTTAB_STATUS_OFFSET))
                .isEqualTo(-8);
        assertThat(LittleEndian.getI64(r, 18 + JournalFormat.GNTTAB_ARG_OFFSET)).isEqualTo(0x99);
        assertThat(JournalPrinter.describe(new RecordDecoder("t").decode(r, r.length, 1)))
                .contains("GNTTABOP_unmap_and_replace", "handle 73588229205")
                .contains("GNTST_permission_denied");
    }

    @Test
    void lifecycleRecordHasTheDocumentedLayout() {
        MemoryJournal j = new MemoryJournal();
        j.boot(FakeHypervisor.PARAMS);
        j.lifecycle(0x0102030405060708L, LifecycleEvent.DOMAIN_DEAD, 0x1234, -2);
        byte[] r = j.records.get(1);

        assertThat(r).hasSize(18 + 9 + 4);
        assertThat(r[0]).isEqualTo((byte) 6); // kind LIFECYCLE
        assertThat(r[1]).isEqualTo((byte) 0); // flags
        assertThat(Arrays.copyOfRange(r, 2, 4)).containsExactly(0x34, 0x12); // domid, little-endian
        assertThat(Arrays.copyOfRange(r, 4, 6)).containsExactly(0xFF, 0xFF); // vcpu -1
        assertThat(Arrays.copyOfRange(r, 6, 10)).containsExactly(9, 0, 0, 0); // payload length
        assertThat(Arrays.copyOfRange(r, 10, 18)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1); // time
        assertThat(r[18]).isEqualTo((byte) LifecycleEvent.DOMAIN_DEAD.code);
        assertThat(Arrays.copyOfRange(r, 19, 27)).containsExactly(0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        CRC32C crc = new CRC32C();
        crc.update(r, 0, 27);
        assertThat(LittleEndian.getI32(r, 27)).isEqualTo((int) crc.getValue());
    }

    @Test
    void bootRecordStartsWithMagicAndVersion() {
        MemoryJournal j = new MemoryJournal();
        j.boot(FakeHypervisor.PARAMS);
        byte[] r = j.records.get(0);

        assertThat(new String(r, 18, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PVSJ");
        assertThat(LittleEndian.getU16(r, 22)).isEqualTo(JournalFormat.FORMAT_VERSION);
        assertThat(LittleEndian.getU16(r, 24)).isEqualTo("0.1.0-test".length()); // first string's length prefix
    }

    @Test
    void recordSizesAreTheDocumentedOnes() {
        List<byte[]> r = everyKind().records;
        BootParameters p = FakeHypervisor.PARAMS;
        int strings = (p.pvsimVersion()
                        + p.scenario()
                        + p.scheduler()
                        + p.dom0Kernel()
                        + p.dom0Cmdline()
                        + p.xenCmdline()
                        + p.devices())
                .length();
        assertThat(r.get(0)).as("BOOT").hasSize(74 + strings);
        assertThat(r.get(1)).as("LIFECYCLE").hasSize(31);
        assertThat(r.get(2)).as("HYPERCALL").hasSize(74 + (13 + 16) + 13 + (13 + 3) + (13 + 2));
        assertThat(r.get(4)).as("GUEST_WRITE").hasSize(38 + STORE.length);
        assertThat(r.get(5)).as("SCHEDULE").hasSize(36);
        assertThat(r.get(6)).as("TRACE").hasSize(42);
        assertThat(r.get(7)).as("TIMER").hasSize(27);
        assertThat(r.get(8)).as("EVTCHN").hasSize(35);
        assertThat(r.get(9)).as("GNTTAB").hasSize(50);
        assertThat(r.get(10)).as("UPCALL").hasSize(30);
        assertThat(r.get(11)).as("GUEST_FAULT").hasSize(35);
        assertThat(r.get(13)).as("PORT_IO").hasSize(30);
        assertThat(r.get(15)).as("END").hasSize(30);

        MemoryJournal j = new MemoryJournal();
        j.boot(p);
        j.hypercallBegin(0, 0, 1, Hypercall.xen_version.number, 0, 0, 0, 0, 0);
        j.hypercallEnd(0);
        j.hypercallBegin(0, 0, 1, Hypercall.xen_version.number, 0, 0, 0, 0, 0);
        j.hypercallRead(0x1000, READ, 0, 16, false);
        j.hypercallEnd(0);
        assertThat(j.records.get(1)).as("HYPERCALL without segments").hasSize(74);
        assertThat(j.records.get(2)).as("HYPERCALL with one 16-byte read").hasSize(103);
    }

    @Test
    void decoderRejectsARecordShorterThanItsHeaderSays() {
        byte[] r = everyKind().records.get(2);
        byte[] cut = Arrays.copyOf(r, r.length - 5);
        assertThatThrownBy(() -> new RecordDecoder("j").decode(cut, cut.length, 2))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 2 is corrupt")
                .hasMessageContaining("shorter than its header says");
    }

    @Test
    void decoderRejectsAFlippedBit() {
        byte[] r = everyKind().records.get(2);
        r[40] ^= 0x10;
        assertThatThrownBy(() -> new RecordDecoder("j").decode(r, r.length, 2))
                .isInstanceOf(JournalFormatException.class)
                .hasMessage("journal j: record 2 is corrupt (CRC mismatch)");
    }

    @Test
    void decoderRejectsAnUnknownKindEvenWithAGoodCrc() {
        byte[] r = withCrc(everyKind().records.get(1), b -> b[0] = 99);
        assertThatThrownBy(() -> new RecordDecoder("j").decode(r, r.length, 1))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 1 is corrupt (unknown record kind 99)");
    }

    @Test
    void decoderRejectsUnknownFlags() {
        byte[] r = withCrc(everyKind().records.get(5), b -> b[1] = 0x40);
        assertThatThrownBy(() -> new RecordDecoder("j").decode(r, r.length, 5))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 5 is corrupt (SCHEDULE record with unknown flags 0x40)");
    }

    @Test
    void decoderRejectsASegmentThatRunsPastThePayload() {
        // Claim a longer first segment: the payload now ends inside a segment's bytes.
        byte[] r = withCrc(everyKind().records.get(2), b -> LittleEndian.putI32(b, 18 + 52 + 9, 100));
        assertThatThrownBy(() -> new RecordDecoder("j").decode(r, r.length, 2))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 2 is corrupt (the payload ends inside segment");
    }

    @Test
    void outOfRangeIdsAreRefusedWhenRecording() {
        MemoryJournal j = new MemoryJournal();
        j.boot(FakeHypervisor.PARAMS);
        assertThatThrownBy(() -> j.lifecycle(0, LifecycleEvent.DOMAIN_DYING, 0x8000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 32768");
        assertThatThrownBy(() -> j.guestFault(1, -2, 0, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vcpu")
                .hasMessageContaining("was -2");
        assertThatThrownBy(() -> j.scheduleBegin(70000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pcpu");
        assertThat(j.records()).isEqualTo(1);
    }

    @Test
    void bootParametersThatAreNotValidUnicodeAreRefused() {
        BootParameters p = FakeHypervisor.PARAMS;
        BootParameters bad = new BootParameters(
                p.pvsimVersion(),
                "half \ud83d a smile",
                p.seed(),
                p.nrPcpus(),
                p.ramFrames(),
                p.scheduler(),
                p.dom0Pages(),
                p.dom0Vcpus(),
                p.dom0Kernel(),
                p.dom0Cmdline());
        assertThatThrownBy(() -> new MemoryJournal().boot(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boot parameter scenario is not valid Unicode");
    }

    @Test
    void aHypercallRecordWhoseCrcMakesItsBufferGrowIsStillWhole() throws Exception {
        // The hypercall buffer starts at 1024 bytes: header and fixed fields (70) plus one segment (13 + n) fill it
        // exactly when n = 941, so appending the CRC grows it. Every size around that must encode whole.
        for (int n = 930; n < 960; n++) {
            MemoryJournal j = new MemoryJournal();
            j.boot(FakeHypervisor.PARAMS);
            j.hypercallBegin(0, 0, 1, Hypercall.mmu_update.number, 0, 0, 0, 0, 0);
            j.hypercallRead(0x1000, new byte[n], 0, n, false);
            j.hypercallEnd(0);
            assertThat(j.decoded()).as("a %d-byte read", n).hasSize(2);
        }
    }

    /** A copy of {@code record} changed by {@code edit}, with its CRC recomputed so only the change is wrong. */
    static byte[] withCrc(byte[] record, java.util.function.Consumer<byte[]> edit) {
        byte[] r = record.clone();
        edit.accept(r);
        CRC32C crc = new CRC32C();
        crc.update(r, 0, r.length - 4);
        LittleEndian.putI32(r, r.length - 4, (int) crc.getValue());
        return r;
    }
}
