package org.pvsim.hypervisor.machine;

/**
 * The pool of free machine frames. Allocation is deterministic: the lowest free run of {@code 2^order} frames,
 * aligned to its size, as a buddy allocator's result would be for a fresh heap. A free is the reverse.
 *
 * <p>Allocation never throws: an exhausted pool answers {@code -1}, which the hypervisor turns into Xen's
 * {@code -ENOMEM} or a short extent count.
 */
public final class FrameAllocator {
    private final long[] freeBits;
    private final int nrFrames;
    private int freeCount;
    /** No free frame lies below this index. */
    private int lowestFree;

    /** A pool of {@code nrFrames} frames, all in use until {@link #free(long, int)} gives them to the pool. */
    public FrameAllocator(int nrFrames) {
        this.nrFrames = nrFrames;
        this.freeBits = new long[(nrFrames + 63) >>> 6];
        this.lowestFree = nrFrames;
    }

    /** Frames currently free. */
    public int freeCount() {
        return freeCount;
    }

    /** Whether frame {@code mfn} is in the free pool. */
    public boolean isFree(long mfn) {
        return (freeBits[(int) (mfn >>> 6)] & (1L << mfn)) != 0;
    }

    /**
     * Takes {@code 2^order} contiguous free frames, aligned to their size, and returns the first frame number, or
     * {@code -1} if no such run is free.
     */
    public long allocate(int order) {
        return allocate(order, nrFrames);
    }

    /**
     * Like {@link #allocate(int)}, but only from frames below {@code limit}: an allocation for a caller that can
     * address only part of memory ({@code MEMF_bits}).
     */
    public long allocate(int order, long limit) {
        if (order < 0 || order > 30 || (1L << order) > freeCount) {
            return -1;
        }
        int size = 1 << order;
        int end = (int) Math.min(nrFrames, Math.max(0, limit));
        int start = align(lowestFree, size);
        while (start + size <= end) {
            int firstUsed = firstUsedIn(start, size);
            if (firstUsed < 0) {
                for (int i = start; i < start + size; i++) {
                    freeBits[i >>> 6] &= ~(1L << i);
                }
                freeCount -= size;
                if (start == lowestFree) {
                    lowestFree = nextFree(start + size);
                }
                return start;
            }
            start = align(nextFree(firstUsed + 1), size);
        }
        return -1;
    }

    /** Returns {@code 2^order} frames starting at {@code mfn} to the pool. They must all be in use. */
    public void free(long mfn, int order) {
        int size = 1 << order;
        for (long i = mfn; i < mfn + size; i++) {
            int word = (int) (i >>> 6);
            if ((freeBits[word] & (1L << i)) != 0) {
                throw new IllegalStateException("frame " + i + " freed twice");
            }
            freeBits[word] |= 1L << i;
        }
        freeCount += size;
        lowestFree = (int) Math.min(lowestFree, mfn);
    }

    private static int align(int v, int size) {
        return (v + size - 1) & -size;
    }

    private int firstUsedIn(int start, int size) {
        for (int i = start; i < start + size; i++) {
            if ((freeBits[i >>> 6] & (1L << i)) == 0) {
                return i;
            }
        }
        return -1;
    }

    private int nextFree(int from) {
        for (int word = from >>> 6; word < freeBits.length; word++) {
            long bits = freeBits[word];
            if (word == from >>> 6) {
                bits &= -1L << from;
            }
            if (bits != 0) {
                int i = (word << 6) + Long.numberOfTrailingZeros(bits);
                return Math.min(i, nrFrames);
            }
        }
        return nrFrames;
    }
}
