package org.pvsim.hypervisor.journal;

import java.util.zip.CRC32C;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * A reusable, growable byte buffer in which records are encoded, little-endian. It grows (doubling) only when a record
 * is larger than any before it, so encoding allocates nothing once the largest record has been seen.
 */
final class RecordBuffer {
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private byte[] bytes;
    private int position;

    RecordBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** The backing array; valid from 0 to {@link #position()}. It may be replaced when the buffer grows. */
    byte[] array() {
        return bytes;
    }

    int position() {
        return position;
    }

    void reset() {
        position = 0;
    }

    /** Makes room for {@code n} more bytes after the position. */
    void ensure(long n) {
        long needed = position + n;
        if (needed > bytes.length) {
            if (needed > MAX_CAPACITY) {
                throw new IllegalStateException("a journal buffer cannot grow past " + MAX_CAPACITY + " bytes");
            }
            long capacity = bytes.length;
            while (capacity < needed) {
                capacity = Math.min(capacity * 2, MAX_CAPACITY);
            }
            byte[] grown = new byte[(int) capacity];
            System.arraycopy(bytes, 0, grown, 0, position);
            bytes = grown;
        }
    }

    void putU8(int v) {
        ensure(1);
        LittleEndian.putU8(bytes, position, v);
        position += 1;
    }

    void putI16(int v) {
        ensure(2);
        LittleEndian.putU16(bytes, position, v);
        position += 2;
    }

    void putI32(int v) {
        ensure(4);
        LittleEndian.putI32(bytes, position, v);
        position += 4;
    }

    void putI64(long v) {
        ensure(8);
        LittleEndian.putI64(bytes, position, v);
        position += 8;
    }

    void putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, position, len);
        position += len;
    }

    /**
     * Starts a record at the current position: writes its header with a zero payload length, to be filled in by
     * {@link #finishRecord}. Returns the record's start offset.
     */
    int startRecord(RecordKind kind, int flags, int domid, int vcpu, long time) {
        int start = position;
        ensure(JournalFormat.HEADER_SIZE);
        LittleEndian.putU8(bytes, start + JournalFormat.KIND_OFFSET, kind.code);
        LittleEndian.putU8(bytes, start + JournalFormat.FLAGS_OFFSET, flags);
        LittleEndian.putU16(bytes, start + JournalFormat.DOMID_OFFSET, domid);
        LittleEndian.putU16(bytes, start + JournalFormat.VCPU_OFFSET, vcpu);
        LittleEndian.putI32(bytes, start + JournalFormat.PAYLOAD_LENGTH_OFFSET, 0);
        LittleEndian.putI64(bytes, start + JournalFormat.TIME_OFFSET, time);
        position += JournalFormat.HEADER_SIZE;
        return start;
    }

    /** Completes the record that starts at {@code start}: fills in its payload length and appends its CRC-32C. */
    void finishRecord(int start, CRC32C crc) {
        int payload = position - start - JournalFormat.HEADER_SIZE;
        JournalFormat.checkRecordSize((long) payload + JournalFormat.MIN_RECORD_SIZE);
        LittleEndian.putI32(bytes, start + JournalFormat.PAYLOAD_LENGTH_OFFSET, payload);
        crc.reset();
        crc.update(bytes, start, position - start);
        putI32((int) crc.getValue());
    }
}
