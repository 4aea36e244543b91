package org.pvsim.hypervisor.spi.testing;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * A {@link FrameMemory} of {@code n} frames numbered from {@code first}, in one array: unlike {@link
 * ByteArrayFrameMemory} nothing is boxed per access, so allocation measurements see only the code under test. Every
 * frame is writable by any domain.
 */
public final class FlatFrameMemory extends ByteArrayFrames {
    private final long first;
    private final byte[][] frames;

    public FlatFrameMemory(long first, int n) {
        this.first = first;
        this.frames = new byte[n][4096];
    }

    @Override
    protected byte[] frame(long mfn) {
        return frames[(int) (mfn - first)];
    }

    @Override
    public long getWritablePage(int domid, long gfn) {
        return gfn >= first && gfn < first + frames.length ? gfn : Errno.EINVAL.neg();
    }

    @Override
    public void putWritablePage(long mfn) {}
}
