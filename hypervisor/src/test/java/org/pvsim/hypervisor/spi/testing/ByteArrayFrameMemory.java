package org.pvsim.hypervisor.spi.testing;

import java.util.Map;
import java.util.TreeMap;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * A {@link FrameMemory} for unit tests: frames are 4 KiB byte arrays created on first touch, kept in maps (so every
 * access boxes its frame number: allocation tests use {@link FlatFrameMemory}). Frames that {@link
 * #getWritablePage} accepts are those given to a domain with {@link #give}; the references taken are counted, so a
 * test can check that every one is released.
 */
public final class ByteArrayFrameMemory extends ByteArrayFrames {
    private final Map<Long, byte[]> frames = new TreeMap<>();
    private final Map<Long, Integer> owner = new TreeMap<>();
    private final Map<Long, Integer> refs = new TreeMap<>();

    /** The bytes of {@code mfn} (live: tests read and write them). */
    @Override
    public byte[] frame(long mfn) {
        return frames.computeIfAbsent(mfn, m -> new byte[4096]);
    }

    /** Makes {@code mfn} a RAM frame of {@code domid}. */
    public void give(long mfn, int domid) {
        owner.put(mfn, domid);
        frame(mfn);
    }

    /** References {@link #getWritablePage} holds on {@code mfn} now. */
    public int references(long mfn) {
        return refs.getOrDefault(mfn, 0);
    }

    /** References held on all frames. */
    public int totalReferences() {
        return refs.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public long getWritablePage(int domid, long gfn) {
        Integer o = owner.get(gfn);
        if (o == null || o != domid) {
            return Errno.EINVAL.neg();
        }
        refs.merge(gfn, 1, Integer::sum);
        return gfn;
    }

    @Override
    public void putWritablePage(long mfn) {
        int n = references(mfn);
        if (n <= 0) {
            throw new AssertionError("frame " + mfn + " released more often than taken");
        }
        refs.put(mfn, n - 1);
    }
}
