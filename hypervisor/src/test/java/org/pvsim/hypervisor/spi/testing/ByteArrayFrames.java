package org.pvsim.hypervisor.spi.testing;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * The byte accesses of a test {@link FrameMemory} whose frames are 4 KiB byte arrays, little-endian as on x86: a
 * subclass says where a frame's bytes are ({@link #frame}) and which frames a domain may take writable.
 */
public abstract class ByteArrayFrames implements FrameMemory {
    /** The bytes of {@code mfn}. */
    protected abstract byte[] frame(long mfn);

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
    public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
        System.arraycopy(frame(srcMfn), srcOff, frame(dstMfn), dstOff, len);
    }
}
