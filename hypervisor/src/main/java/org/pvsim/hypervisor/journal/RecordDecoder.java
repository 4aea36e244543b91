package org.pvsim.hypervisor.journal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * Decodes one record's bytes into a {@link JournalRecord}, checking everything {@link JournalFormat} says: the
 * length against the header, the CRC-32C, the kind, the flags, the fixed header fields of each kind, and that the
 * payload holds exactly its fields. Every failure is a {@link JournalFormatException} naming the journal and the
 * record; nothing else escapes.
 */
final class RecordDecoder {
    private final String journal;
    private final CRC32C crc = new CRC32C();

    /** A decoder whose messages name {@code journal} (for example its directory). */
    RecordDecoder(String journal) {
        this.journal = journal;
    }

    /**
     * Checks the magic and version of what should be a journal's first record, before anything else, so that a
     * journal of another version is reported as such even if the rest of its layout changed.
     */
    void checkFirstRecord(byte[] b, int length) throws JournalFormatException {
        int minimum = JournalFormat.HEADER_SIZE + JournalFormat.BOOT_PARAMS_OFFSET;
        if (length < minimum) {
            throw error(
                    "record 0 is " + length + " bytes, too short for a boot record (at least " + minimum
                            + "): this is not a pvsim journal",
                    0);
        }
        int kind = LittleEndian.getU8(b, JournalFormat.KIND_OFFSET);
        if (kind != RecordKind.BOOT.code) {
            RecordKind k = RecordKind.ofCode(kind);
            throw error(
                    "record 0 is " + (k == null ? "of unknown kind " + kind : "a " + k + " record")
                            + ", not a boot record: this is not the start of a pvsim journal",
                    0);
        }
        int at = JournalFormat.HEADER_SIZE;
        int magic = LittleEndian.getI32(b, at + JournalFormat.BOOT_MAGIC_OFFSET);
        if (magic != JournalFormat.MAGIC) {
            throw error(
                    String.format(
                            "record 0 has bad magic 0x%08x (a pvsim journal starts with 0x%08x, \"PVSJ\"): this is"
                                    + " not a pvsim journal",
                            magic, JournalFormat.MAGIC),
                    0);
        }
        int version = LittleEndian.getU16(b, at + JournalFormat.BOOT_VERSION_OFFSET);
        if (version != JournalFormat.FORMAT_VERSION) {
            throw new JournalFormatException(
                    "journal " + journal + " was written in journal format version " + version
                            + "; this pvsim reads only version " + JournalFormat.FORMAT_VERSION
                            + " (reading stopped at record 0): use the pvsim version that wrote it",
                    0);
        }
    }

    /** Decodes record {@code index} from {@code length} bytes of {@code b}. */
    JournalRecord decode(byte[] b, int length, long index) throws JournalFormatException {
        if (length < JournalFormat.MIN_RECORD_SIZE) {
            throw corrupt(
                    index,
                    "it is " + length + " bytes, shorter than a header and CRC (" + JournalFormat.MIN_RECORD_SIZE
                            + ")");
        }
        long payload = LittleEndian.getU32(b, JournalFormat.PAYLOAD_LENGTH_OFFSET);
        long expected = payload + JournalFormat.MIN_RECORD_SIZE;
        if (expected > length) {
            throw corrupt(
                    index,
                    "it is shorter than its header says: " + payload + " payload bytes need a " + expected
                            + "-byte record, it holds " + length);
        }
        if (expected < length) {
            throw corrupt(
                    index,
                    "it is longer than its header says: " + payload + " payload bytes make a " + expected
                            + "-byte record, it holds " + length);
        }
        int crcAt = length - JournalFormat.CRC_SIZE;
        crc.reset();
        crc.update(b, 0, crcAt);
        int stored = LittleEndian.getI32(b, crcAt);
        if (stored != (int) crc.getValue()) {
            throw corrupt(index, "CRC mismatch");
        }
        int code = LittleEndian.getU8(b, JournalFormat.KIND_OFFSET);
        RecordKind kind = RecordKind.ofCode(code);
        if (kind == null) {
            throw corrupt(index, "unknown record kind " + code);
        }
        int flags = LittleEndian.getU8(b, JournalFormat.FLAGS_OFFSET);
        int allowed = kind == RecordKind.LIFECYCLE
                        || kind == RecordKind.TRACE
                        || kind == RecordKind.EVTCHN
                        || kind == RecordKind.GNTTAB
                ? JournalFormat.FLAG_CONSEQUENCE
                : 0;
        if ((flags & ~allowed) != 0) {
            throw corrupt(index, kind + " record with unknown flags 0x" + Integer.toHexString(flags));
        }
        Fields f = new Fields(b, crcAt, index);
        int domid = (short) LittleEndian.getU16(b, JournalFormat.DOMID_OFFSET);
        int vcpu = (short) LittleEndian.getU16(b, JournalFormat.VCPU_OFFSET);
        long time = LittleEndian.getI64(b, JournalFormat.TIME_OFFSET);
        JournalRecord r;
        switch (kind) {
            case BOOT:
                requireHeader(index, kind, domid == JournalFormat.NONE && vcpu == JournalFormat.NONE && time == 0);
                r = decodeBoot(f);
                break;
            case HYPERCALL:
                r = decodeHypercall(f, domid, vcpu, time);
                break;
            case GUEST_WRITE:
                long va = f.i64("va");
                long maddr = f.i64("maddr");
                r = new JournalRecord.GuestWrite(domid, vcpu, time, va, maddr, f.bytes(f.remaining(), "bytes"));
                break;
            case GUEST_FAULT:
                r = new JournalRecord.GuestFault(domid, vcpu, time, f.u8("kind"), f.i64("va"), f.i32("error code"));
                break;
            case SCHEDULE:
                int pcpu = f.u16("pcpu");
                int prevDomid = f.i16("prev domid");
                int prevVcpu = f.i16("prev vcpu");
                long slice = f.i64("timeslice");
                r = new JournalRecord.Schedule(pcpu, time, prevDomid, prevVcpu, domid, vcpu, slice);
                break;
            case PORT_IO:
                int ioPort = f.u16("port");
                int ioSize = f.u8("size");
                int ioFlags = f.u8("flags");
                r = new JournalRecord.PortIo(
                        domid,
                        vcpu,
                        time,
                        ioPort,
                        ioSize,
                        (ioFlags & JournalFormat.PORT_IO_WRITE) != 0,
                        (ioFlags & JournalFormat.PORT_IO_FAULTED) != 0,
                        f.i32("value"));
                break;
            case TIMER:
                r = new JournalRecord.TimerFired(time, f.u8("timer class"), domid, vcpu, f.i32("index"));
                break;
            case TRACE:
                int traceEvent = f.i32("event");
                long d1 = f.i64("d1");
                long d2 = f.i64("d2");
                boolean traced = (flags & JournalFormat.FLAG_CONSEQUENCE) != 0;
                r = new JournalRecord.Trace(time, traceEvent, domid, vcpu, d1, d2, traced);
                break;
            case UPCALL:
                r = new JournalRecord.Upcall(domid, vcpu, time, f.i64("rip"));
                break;
            case EVTCHN:
                int evtchnEvent = f.u8("event");
                int port = f.i32("port");
                long evtchnArg = f.i64("arg");
                boolean evtchnConsequence = (flags & JournalFormat.FLAG_CONSEQUENCE) != 0;
                r = new JournalRecord.Evtchn(time, evtchnEvent, domid, vcpu, port, evtchnArg, evtchnConsequence);
                break;
            case GNTTAB:
                requireHeader(index, kind, vcpu == JournalFormat.NONE);
                int gntOp = f.i32("op");
                int remote = f.i32("remote domid");
                long ref = f.i64("ref");
                int status = f.i32("status");
                long gntArg = f.i64("arg");
                boolean gntConsequence = (flags & JournalFormat.FLAG_CONSEQUENCE) != 0;
                r = new JournalRecord.Gnttab(time, gntOp, domid, remote, ref, status, gntArg, gntConsequence);
                break;
            case LIFECYCLE:
                requireHeader(index, kind, vcpu == JournalFormat.NONE);
                int eventCode = f.u8("event");
                LifecycleEvent event = LifecycleEvent.ofCode(eventCode);
                if (event == null) {
                    throw corrupt(index, "unknown lifecycle event code " + eventCode);
                }
                boolean consequence = (flags & JournalFormat.FLAG_CONSEQUENCE) != 0;
                r = new JournalRecord.Lifecycle(time, event, domid, f.i64("arg"), consequence);
                break;
            case END:
                requireHeader(index, kind, domid == JournalFormat.NONE && vcpu == JournalFormat.NONE);
                r = new JournalRecord.End(time, f.i64("record count"));
                break;
            default:
                throw new AssertionError(kind);
        }
        if (f.remaining() != 0) {
            throw corrupt(index, kind + " payload has " + f.remaining() + " bytes after its last field");
        }
        return r;
    }

    private JournalRecord decodeBoot(Fields f) throws JournalFormatException {
        f.i32("magic"); // checked by checkFirstRecord
        int version = f.u16("version");
        String pvsimVersion = f.string("pvsimVersion");
        String scenario = f.string("scenario");
        long seed = f.i64("seed");
        int nrPcpus = f.i32("nrPcpus");
        int ramFrames = f.i32("ramFrames");
        String scheduler = f.string("scheduler");
        int dom0Pages = f.i32("dom0Pages");
        int dom0Vcpus = f.i32("dom0Vcpus");
        String dom0Kernel = f.string("dom0Kernel");
        String dom0Cmdline = f.string("dom0Cmdline");
        int sockets = f.i32("sockets");
        int threadsPerCore = f.i32("threadsPerCore");
        String xenCmdline = f.string("xenCmdline");
        String devices = f.string("devices");
        return new JournalRecord.Boot(
                version,
                new BootParameters(
                        pvsimVersion,
                        scenario,
                        seed,
                        nrPcpus,
                        ramFrames,
                        scheduler,
                        dom0Pages,
                        dom0Vcpus,
                        dom0Kernel,
                        dom0Cmdline,
                        sockets,
                        threadsPerCore,
                        xenCmdline,
                        devices));
    }

    private JournalRecord decodeHypercall(Fields f, int domid, int vcpu, long time) throws JournalFormatException {
        int op = f.i32("op");
        long a1 = f.i64("a1");
        long a2 = f.i64("a2");
        long a3 = f.i64("a3");
        long a4 = f.i64("a4");
        long a5 = f.i64("a5");
        long result = f.i64("result");
        List<JournalRecord.Segment> segments = new ArrayList<>();
        while (f.remaining() > 0) {
            int n = segments.size();
            int sflags = f.u8("segment " + n + " flags");
            if ((sflags & ~(JournalFormat.SEGMENT_WRITE | JournalFormat.SEGMENT_FAULTED)) != 0) {
                throw corrupt(f.index, "segment " + n + " has unknown flags 0x" + Integer.toHexString(sflags));
            }
            boolean write = (sflags & JournalFormat.SEGMENT_WRITE) != 0;
            boolean faulted = (sflags & JournalFormat.SEGMENT_FAULTED) != 0;
            long va = f.i64("segment " + n + " va");
            long len = f.u32("segment " + n + " length");
            if (len > JournalFormat.MAX_RECORD_SIZE) {
                throw corrupt(f.index, "segment " + n + " claims " + len + " bytes");
            }
            byte[] bytes = write || !faulted ? f.bytes((int) len, "segment " + n + " bytes") : new byte[0];
            segments.add(new JournalRecord.Segment(write, faulted, va, (int) len, bytes));
        }
        return new JournalRecord.Hypercall(domid, vcpu, time, op, a1, a2, a3, a4, a5, result, segments);
    }

    private void requireHeader(long index, RecordKind kind, boolean ok) throws JournalFormatException {
        if (!ok) {
            throw corrupt(index, kind + " record with a domid, vcpu or time it must not have");
        }
    }

    JournalFormatException corrupt(long index, String what) {
        return error("record " + index + " is corrupt (" + what + ")", index);
    }

    JournalFormatException error(String what, long index) {
        return new JournalFormatException("journal " + journal + ": " + what, index);
    }

    /** Reads a payload's fields in order, never past its end. */
    private final class Fields {
        private final byte[] b;
        private final int end;
        private final long index;
        private int at = JournalFormat.HEADER_SIZE;

        Fields(byte[] b, int end, long index) {
            this.b = b;
            this.end = end;
            this.index = index;
        }

        int remaining() {
            return end - at;
        }

        private int take(int n, String field) throws JournalFormatException {
            if (n < 0 || n > end - at) {
                throw corrupt(index, "the payload ends inside " + field);
            }
            int here = at;
            at += n;
            return here;
        }

        int u8(String field) throws JournalFormatException {
            return LittleEndian.getU8(b, take(1, field));
        }

        int u16(String field) throws JournalFormatException {
            return LittleEndian.getU16(b, take(2, field));
        }

        int i16(String field) throws JournalFormatException {
            return (short) LittleEndian.getU16(b, take(2, field));
        }

        int i32(String field) throws JournalFormatException {
            return LittleEndian.getI32(b, take(4, field));
        }

        long u32(String field) throws JournalFormatException {
            return LittleEndian.getU32(b, take(4, field));
        }

        long i64(String field) throws JournalFormatException {
            return LittleEndian.getI64(b, take(8, field));
        }

        byte[] bytes(int n, String field) throws JournalFormatException {
            int from = take(n, field);
            return Arrays.copyOfRange(b, from, from + n);
        }

        String string(String field) throws JournalFormatException {
            int n = u16(field + " length");
            int from = take(n, field);
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(b, from, n))
                        .toString();
            } catch (CharacterCodingException e) {
                throw corrupt(index, field + " is not valid UTF-8");
            }
        }
    }
}
