package org.pvsim.gnttab.testing;

import java.util.Map;
import java.util.TreeMap;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.FrameMemory;

/** A {@link FrameMemory} for unit tests: 4 KiB byte arrays created on first touch. */
public final class ByteArrayFrameMemory implements FrameMemory {
    private final Map<Long, byte[]> frames = new TreeMap<>();

    /** The bytes of {@code mfn}. */
    public byte[] frame(long mfn) {
        return frames.computeIfAbsent(mfn, m -> new byte[4096]);
    }

    @Override
    public int read8(long mfn, int offset) {
        return frame(mfn)[offset] & 0xFF;
    }

    @Override
    public void write8(long mfn, int offset, int value) {
        frame(mfn)[offset] = (byte) value;
    }

    @Override
    public int read16(long mfn, int offset) {
        return LittleEndian.getU16(frame(mfn), offset);
    }

    @Override
    public void write16(long mfn, int offset, int value) {
        LittleEndian.putU16(frame(mfn), offset, value);
    }

    @Override
    public int read32(long mfn, int offset) {
        return LittleEndian.getI32(frame(mfn), offset);
    }

    @Override
    public void write32(long mfn, int offset, int value) {
        LittleEndian.putI32(frame(mfn), offset, value);
    }

    @Override
    public long read64(long mfn, int offset) {
        return LittleEndian.getI64(frame(mfn), offset);
    }

    @Override
    public void write64(long mfn, int offset, long value) {
        LittleEndian.putI64(frame(mfn), offset, value);
    }

    @Override
    public long getWritablePage(int domid, long gfn) {
        return Errno.EINVAL.neg();
    }

    @Override
    public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
        System.arraycopy(frame(srcMfn), srcOff, frame(dstMfn), dstOff, len);
    }

    @Override
    public void putWritablePage(long mfn) {}
}
