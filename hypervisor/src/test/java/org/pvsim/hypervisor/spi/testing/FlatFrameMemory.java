package org.pvsim.hypervisor.spi.testing;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * A {@link FrameMemory} of {@code n} frames numbered from {@code first}, in one array: unlike {@link
 * ByteArrayFrameMemory} nothing is boxed per access, so allocation measurements see only the code under test. Every
 * frame is writable by any domain.
 */
public final class FlatFrameMemory implements FrameMemory {
    private final long first;
    private final byte[][] frames;

    public FlatFrameMemory(long first, int n) {
        this.first = first;
        this.frames = new byte[n][4096];
    }

    private byte[] f(long mfn) {
        return frames[(int) (mfn - first)];
    }

    @Override
    public int read8(long mfn, int offset) {
        return f(mfn)[offset] & 0xFF;
    }

    @Override
    public void write8(long mfn, int offset, int value) {
        f(mfn)[offset] = (byte) value;
    }

    @Override
    public int read16(long mfn, int offset) {
        return LittleEndian.getU16(f(mfn), offset);
    }

    @Override
    public void write16(long mfn, int offset, int value) {
        LittleEndian.putU16(f(mfn), offset, value);
    }

    @Override
    public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
        System.arraycopy(f(srcMfn), srcOff, f(dstMfn), dstOff, len);
    }

    @Override
    public int read32(long mfn, int offset) {
        return LittleEndian.getI32(f(mfn), offset);
    }

    @Override
    public void write32(long mfn, int offset, int value) {
        LittleEndian.putI32(f(mfn), offset, value);
    }

    @Override
    public long read64(long mfn, int offset) {
        return LittleEndian.getI64(f(mfn), offset);
    }

    @Override
    public void write64(long mfn, int offset, long value) {
        LittleEndian.putI64(f(mfn), offset, value);
    }

    @Override
    public long getWritablePage(int domid, long gfn) {
        return gfn >= first && gfn < first + frames.length ? gfn : Errno.EINVAL.neg();
    }

    @Override
    public void putWritablePage(long mfn) {}
}
