package org.pvsim.hypervisor.journal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * A {@link Journal} that encodes every call as {@link JournalFormat} defines and hands each complete record, in
 * journal order, to {@link #emit}. The recorder and replay both extend it, so replay compares exactly the bytes the
 * recorder would have written.
 *
 * <p>It enforces the ordering rule of {@link Journal}: a hypercall's record is completed at {@link #hypercallEnd} and
 * emitted then, a scheduling decision's at {@link #scheduleEnd}; outputs (lifecycle steps, trace and event-channel events) reported
 * while either is in progress are deferred, flagged {@link JournalFormat#FLAG_CONSEQUENCE}, and emitted right after the
 * input's record, in the order reported. A timer's record is emitted at {@link #timerBegin}, and outputs reported
 * until {@link #timerEnd} are flagged as its consequences and emitted at once. Every other call is a complete record,
 * emitted at once. Inputs do not nest: reporting another input while a hypercall is in
 * progress, a segment or an end outside one, a second boot, or any record before boot, is a bug in the caller and
 * throws {@link IllegalStateException}.
 *
 * <p>Nothing is allocated per call: the three buffers (the record being encoded, the hypercall in progress, the
 * deferred outputs) are reused and grow only when a record is larger than any before. Not thread-safe: one thread
 * reports.
 */
abstract class EncodingJournal implements Journal {
    private final RecordBuffer record = new RecordBuffer(256);
    private final RecordBuffer hypercall = new RecordBuffer(1024);
    private final RecordBuffer deferred = new RecordBuffer(256);
    private final CRC32C crc = new CRC32C();
    private final int formatVersion;

    private boolean booted;
    private boolean inHypercall;
    private boolean inSchedule;
    private boolean inTimer;
    private int schedulePcpu;
    private long scheduleTime;
    private int hypercallStart;
    private long records;
    private long latestTime;

    /** A journal that writes {@code formatVersion} in its BOOT record ({@link JournalFormat#FORMAT_VERSION}). */
    EncodingJournal(int formatVersion) {
        if (formatVersion < 0 || formatVersion > 0xFFFF) {
            throw new IllegalArgumentException("a format version is a u16, was " + formatVersion);
        }
        this.formatVersion = formatVersion;
    }

    /**
     * Receives the next complete record: {@code length} bytes of {@code bytes} from {@code offset}, valid only during
     * the call. Called once per record, in journal order.
     */
    abstract void emit(byte[] bytes, int offset, int length);

    @Override
    public void boot(BootParameters params) {
        if (booted) {
            throw new IllegalStateException("boot was already journalled: BOOT is the first record and comes once");
        }
        booted = true;
        record.reset();
        int start = record.startRecord(RecordKind.BOOT, 0, JournalFormat.NONE, JournalFormat.NONE, 0);
        record.putI32(JournalFormat.MAGIC);
        record.putI16(formatVersion);
        putString(params.pvsimVersion(), "pvsimVersion");
        putString(params.scenario(), "scenario");
        record.putI64(params.seed());
        record.putI32(params.nrPcpus());
        record.putI32(params.ramFrames());
        putString(params.scheduler(), "scheduler");
        record.putI32(params.dom0Pages());
        record.putI32(params.dom0Vcpus());
        putString(params.dom0Kernel(), "dom0Kernel");
        putString(params.dom0Cmdline(), "dom0Cmdline");
        record.putI32(params.sockets());
        record.putI32(params.threadsPerCore());
        putString(params.xenCmdline(), "xenCmdline");
        putString(params.devices(), "devices");
        record.finishRecord(start, crc);
        emitRecord(record.array(), start, record.position() - start, 0);
    }

    private void putString(String s, String field) {
        byte[] utf8; // once per journal: BOOT only
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "boot parameter " + field + " is not valid Unicode (an unpaired surrogate?): " + e, e);
        }
        if (utf8.length > JournalFormat.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("boot parameter " + field + " is " + utf8.length
                    + " bytes of UTF-8; a journal string holds at most " + JournalFormat.MAX_STRING_BYTES);
        }
        record.putI16(utf8.length);
        record.putBytes(utf8, 0, utf8.length);
    }

    @Override
    public void hypercallBegin(int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5) {
        requireInputAllowed("hypercallBegin");
        JournalFormat.checkDomid(domid);
        JournalFormat.checkVcpu(vcpu);
        inHypercall = true;
        hypercall.reset();
        deferred.reset();
        hypercallStart = hypercall.startRecord(RecordKind.HYPERCALL, 0, domid, vcpu, time);
        hypercall.putI32(op);
        hypercall.putI64(a1);
        hypercall.putI64(a2);
        hypercall.putI64(a3);
        hypercall.putI64(a4);
        hypercall.putI64(a5);
        hypercall.putI64(0); // the result, filled in by hypercallEnd
    }

    @Override
    public void hypercallRead(long va, byte[] src, int off, int len, boolean faulted) {
        segment(false, va, src, off, len, faulted);
    }

    @Override
    public void hypercallWrote(long va, byte[] src, int off, int len, boolean faulted) {
        segment(true, va, src, off, len, faulted);
    }

    private void segment(boolean write, long va, byte[] src, int off, int len, boolean faulted) {
        if (!inHypercall) {
            throw new IllegalStateException(
                    "a guest " + (write ? "write" : "read") + " was journalled outside a hypercall");
        }
        if (len < 0) {
            throw new IllegalArgumentException("a segment length cannot be negative, was " + len);
        }
        boolean carriesBytes = write || !faulted;
        long size = hypercall.position() + (long) JournalFormat.SEGMENT_BYTES_OFFSET + (carriesBytes ? len : 0);
        JournalFormat.checkRecordSize(size + JournalFormat.CRC_SIZE);
        hypercall.putU8((write ? JournalFormat.SEGMENT_WRITE : 0) | (faulted ? JournalFormat.SEGMENT_FAULTED : 0));
        hypercall.putI64(va);
        hypercall.putI32(len);
        if (carriesBytes) {
            hypercall.putBytes(src, off, len);
        }
    }

    @Override
    public void hypercallEnd(long result) {
        if (!inHypercall) {
            throw new IllegalStateException("hypercallEnd without a hypercall in progress");
        }
        inHypercall = false;
        LittleEndian.putI64(
                hypercall.array(),
                hypercallStart + JournalFormat.HEADER_SIZE + JournalFormat.HYPERCALL_RESULT_OFFSET,
                result);
        hypercall.finishRecord(hypercallStart, crc);
        byte[] bytes = hypercall.array(); // only now: appending the CRC may have grown the buffer
        long time = LittleEndian.getI64(bytes, hypercallStart + JournalFormat.TIME_OFFSET);
        emitRecord(bytes, hypercallStart, hypercall.position() - hypercallStart, time);
        emitDeferred();
    }

    private void emitDeferred() {
        byte[] bytes = deferred.array();
        int at = 0;
        while (at < deferred.position()) {
            int length = JournalFormat.MIN_RECORD_SIZE
                    + LittleEndian.getI32(bytes, at + JournalFormat.PAYLOAD_LENGTH_OFFSET);
            emitRecord(bytes, at, length, LittleEndian.getI64(bytes, at + JournalFormat.TIME_OFFSET));
            at += length;
        }
        deferred.reset();
    }

    @Override
    public void guestWrite(int domid, int vcpu, long time, long va, long maddr, byte[] src, int off, int len) {
        requireInputAllowed("guestWrite");
        if (len < 0) {
            throw new IllegalArgumentException("a guest write length cannot be negative, was " + len);
        }
        JournalFormat.checkRecordSize(
                (long) JournalFormat.MIN_RECORD_SIZE + JournalFormat.GUEST_WRITE_BYTES_OFFSET + len);
        int start = startImmediate(RecordKind.GUEST_WRITE, 0, domid, vcpu, time);
        record.putI64(va);
        record.putI64(maddr);
        record.putBytes(src, off, len);
        finishImmediate(start, time);
    }

    @Override
    public void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode) {
        requireInputAllowed("guestFault");
        JournalFormat.checkFaultKind(kind);
        int start = startImmediate(RecordKind.GUEST_FAULT, 0, domid, vcpu, time);
        record.putU8(kind);
        record.putI64(va);
        record.putI32(errorCode);
        finishImmediate(start, time);
    }

    @Override
    public void scheduleBegin(int pcpu, long time) {
        requireInputAllowed("scheduleBegin");
        JournalFormat.checkPcpu(pcpu);
        inSchedule = true;
        schedulePcpu = pcpu;
        scheduleTime = time;
        deferred.reset();
    }

    @Override
    public void scheduleEnd(int prevDomid, int prevVcpu, int nextDomid, int nextVcpu, long timesliceNs) {
        if (!inSchedule) {
            throw new IllegalStateException("scheduleEnd without a scheduling decision in progress");
        }
        JournalFormat.checkDomid(prevDomid);
        JournalFormat.checkVcpu(prevVcpu);
        inSchedule = false;
        int start = startImmediate(RecordKind.SCHEDULE, 0, nextDomid, nextVcpu, scheduleTime);
        record.putI16(schedulePcpu);
        record.putI16(prevDomid);
        record.putI16(prevVcpu);
        record.putI64(timesliceNs);
        finishImmediate(start, scheduleTime);
        emitDeferred();
    }

    @Override
    public void timerBegin(long time, int timerClass, int domid, int vcpu, int index) {
        requireInputAllowed("timerBegin");
        if (timerClass < 0 || timerClass > 0xFF) {
            throw new IllegalArgumentException("a timer class code is 0..255, was " + timerClass);
        }
        int start = startImmediate(RecordKind.TIMER, 0, domid, vcpu, time);
        record.putU8(timerClass);
        record.putI32(index);
        finishImmediate(start, time);
        inTimer = true;
    }

    @Override
    public void timerEnd() {
        if (!inTimer) {
            throw new IllegalStateException("timerEnd without a timer in progress");
        }
        inTimer = false;
    }

    @Override
    public void portIoBegin(int domid, int vcpu, long time, int port, int size, int flags, int value) {
        requireInputAllowed("portIoBegin");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("an I/O port is 0..0xFFFF, was " + port);
        }
        if (size != 1 && size != 2 && size != 4) {
            throw new IllegalArgumentException("a port access is 1, 2 or 4 bytes, was " + size);
        }
        int start = startImmediate(RecordKind.PORT_IO, 0, domid, vcpu, time);
        record.putI16(port);
        record.putU8(size);
        record.putU8(flags);
        record.putI32(value);
        finishImmediate(start, time);
        inTimer = true; // consequences are flagged and written at once, as a timer's
    }

    @Override
    public void portIoEnd() {
        if (!inTimer) {
            throw new IllegalStateException("portIoEnd without a port access in progress");
        }
        inTimer = false;
    }

    @Override
    public void trace(long time, int event, int domid, int vcpu, long d1, long d2) {
        requireBooted("trace");
        JournalFormat.checkDomid(domid);
        JournalFormat.checkVcpu(vcpu);
        int start = startOutput(RecordKind.TRACE, domid, vcpu, time);
        RecordBuffer into = deferring() ? deferred : record;
        into.putI32(event);
        into.putI64(d1);
        into.putI64(d2);
        finishOutput(start, time);
    }

    @Override
    public void lifecycle(long time, LifecycleEvent event, int domid, long arg) {
        requireBooted("lifecycle");
        JournalFormat.checkDomid(domid);
        int start = startOutput(RecordKind.LIFECYCLE, domid, JournalFormat.NONE, time);
        RecordBuffer into = deferring() ? deferred : record;
        into.putU8(event.code);
        into.putI64(arg);
        finishOutput(start, time);
    }

    @Override
    public void upcall(int domid, int vcpu, long time, long rip) {
        requireInputAllowed("upcall");
        int start = startImmediate(RecordKind.UPCALL, 0, domid, vcpu, time);
        record.putI64(rip);
        finishImmediate(start, time);
    }

    @Override
    public void evtchn(long time, int event, int domid, int vcpu, int port, long arg) {
        requireBooted("evtchn");
        if (event < 0 || event > 0xFF) {
            throw new IllegalArgumentException("an event-channel event code is 0..255, was " + event);
        }
        JournalFormat.checkDomid(domid);
        JournalFormat.checkVcpu(vcpu);
        int start = startOutput(RecordKind.EVTCHN, domid, vcpu, time);
        RecordBuffer into = deferring() ? deferred : record;
        into.putU8(event);
        into.putI32(port);
        into.putI64(arg);
        finishOutput(start, time);
    }

    @Override
    public void gnttab(long time, int op, int domid, int remoteDomid, long ref, int status, long arg) {
        requireBooted("gnttab");
        JournalFormat.checkDomid(domid);
        int start = startOutput(RecordKind.GNTTAB, domid, JournalFormat.NONE, time);
        RecordBuffer into = deferring() ? deferred : record;
        into.putI32(op);
        into.putI32(remoteDomid);
        into.putI64(ref);
        into.putI32(status);
        into.putI64(arg);
        finishOutput(start, time);
    }

    /** Whether outputs are held back until the input in progress has been written. */
    private boolean deferring() {
        return inHypercall || inSchedule;
    }

    private int startOutput(RecordKind kind, int domid, int vcpu, long time) {
        int flags = deferring() || inTimer ? JournalFormat.FLAG_CONSEQUENCE : 0;
        if (deferring()) {
            return deferred.startRecord(kind, flags, domid, vcpu, time);
        }
        record.reset();
        return record.startRecord(kind, flags, domid, vcpu, time);
    }

    private void finishOutput(int start, long time) {
        if (deferring()) {
            deferred.finishRecord(start, crc);
        } else {
            finishImmediate(start, time);
        }
    }

    @Override
    public long records() {
        return records;
    }

    /** Whether a hypercall has begun and not yet ended. */
    final boolean hypercallInProgress() {
        return inHypercall;
    }

    /** Whether an input with an end (a hypercall, a scheduling decision, a timer) has begun and not yet ended. */
    final boolean inputInProgress() {
        return inHypercall || inSchedule || inTimer;
    }

    /**
     * Emits the END record: the number of records before it, at the latest time of any of them. The caller stops
     * reporting afterwards.
     */
    final void emitEnd() {
        long count = records;
        int start = startImmediate(RecordKind.END, 0, JournalFormat.NONE, JournalFormat.NONE, latestTime);
        record.putI64(count);
        finishImmediate(start, latestTime);
    }

    private int startImmediate(RecordKind kind, int flags, int domid, int vcpu, long time) {
        JournalFormat.checkDomid(domid);
        JournalFormat.checkVcpu(vcpu);
        record.reset();
        return record.startRecord(kind, flags, domid, vcpu, time);
    }

    private void finishImmediate(int start, long time) {
        record.finishRecord(start, crc);
        emitRecord(record.array(), start, record.position() - start, time);
    }

    private void emitRecord(byte[] bytes, int offset, int length, long time) {
        records++;
        if (time > latestTime) {
            latestTime = time;
        }
        emit(bytes, offset, length);
    }

    private void requireBooted(String call) {
        if (!booted) {
            throw new IllegalStateException(call + " was journalled before boot: BOOT must be the first record");
        }
    }

    private void requireInputAllowed(String call) {
        requireBooted(call);
        if (inHypercall) {
            throw new IllegalStateException(call + " was journalled while a hypercall is in progress: inputs do not"
                    + " nest (report it after hypercallEnd)");
        }
        if (inSchedule) {
            throw new IllegalStateException(call + " was journalled while a scheduling decision is in progress: inputs"
                    + " do not nest (report it after scheduleEnd)");
        }
        if (inTimer) {
            throw new IllegalStateException(call + " was journalled while a timer is firing: inputs do not nest"
                    + " (report it after timerEnd)");
        }
    }
}
