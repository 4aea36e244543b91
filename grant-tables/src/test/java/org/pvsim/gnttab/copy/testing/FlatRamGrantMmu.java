package org.pvsim.gnttab.copy.testing;

import java.util.Arrays;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.FrameMemory;
import org.pvsim.hypervisor.spi.GrantMmu;

/**
 * A {@link GrantMmu} and {@link FrameMemory} over a small flat RAM, for the copy and transfer tests: per frame an
 * owner, an allocation flag, a general count (beyond the allocation reference), a type ({@link #TYPE_WRITABLE} or
 * {@link #TYPE_PAGE_TABLE}) with its count, and real bytes; per domain {@code tot_pages}, {@code max_pages} and
 * whether it is dying. It refuses what the real MMU refuses (a foreign frame, a page table's writable type, a steal of
 * a referenced page, an assignment past {@code max_pages} or to a dying domain) and throws {@link AssertionError} on
 * what the subsystem must never do (a put without a get, an in-flight frame assigned twice).
 */
public final class FlatRamGrantMmu implements GrantMmu, FrameMemory {
    public static final int TYPE_NONE = 0;
    public static final int TYPE_WRITABLE = 7;
    public static final int TYPE_PAGE_TABLE = 1;

    public static final int MAX_DOMS = 8;

    private final int nrFrames;
    private final byte[][] bytes;
    private final int[] owner;
    private final int[] count;
    private final int[] type;
    private final int[] typeCount;
    private final boolean[] inFlight;
    private final long[] m2p;
    public final int[] totPages = new int[MAX_DOMS];
    public final int[] maxPages = new int[MAX_DOMS];
    public final boolean[] dying = new boolean[MAX_DOMS];
    /** A frame number above 4 GiB that stands for frame {@link #highAliasOf} (-1: none). */
    public long highAlias = -1;

    public int highAliasOf;

    /** Frames at or above this number are not RAM (an "MMIO hole"). */
    public long ramEnd;
    /** Run just before every {@link #copy} moves bytes (to look at flags while the pins are held). */
    public Runnable onCopy;

    /** Frames returned to the free pool by {@link #freeInFlightPage}. */
    public int freed;
    /** If not 0, the errno {@link #stealPage} returns whatever the frame (to test the other-error path). */
    public int forcedStealError;

    public FlatRamGrantMmu(int nrFrames) {
        this.nrFrames = nrFrames;
        this.ramEnd = nrFrames;
        this.bytes = new byte[nrFrames][4096];
        this.owner = new int[nrFrames];
        this.count = new int[nrFrames];
        this.type = new int[nrFrames];
        this.typeCount = new int[nrFrames];
        this.inFlight = new boolean[nrFrames];
        this.m2p = new long[nrFrames];
        Arrays.fill(owner, NO_OWNER);
        Arrays.fill(maxPages, Integer.MAX_VALUE);
    }

    /** Gives frame {@code mfn} to {@code domid} (allocated, counted in its {@code tot_pages}). */
    public void give(long mfn, int domid) {
        int f = idx(mfn);
        owner[f] = domid;
        totPages[domid]++;
    }

    /** Makes {@code mfn} a pinned page table (a type reference of its own), so it cannot become writable. */
    public void makePageTable(long mfn) {
        type[idx(mfn)] = TYPE_PAGE_TABLE;
        typeCount[idx(mfn)]++;
    }

    /** General references beyond the allocation. */
    public int count(long mfn) {
        return count[idx(mfn)];
    }

    public int typeCount(long mfn) {
        return typeCount[idx(mfn)];
    }

    public int type(long mfn) {
        return type[idx(mfn)];
    }

    public boolean isInFlight(long mfn) {
        return inFlight[idx(mfn)];
    }

    public long m2p(long mfn) {
        return m2p[idx(mfn)];
    }

    /** The bytes of frame {@code mfn} (live: tests read and write them). */
    public byte[] bytes(long mfn) {
        return bytes[idx(mfn)];
    }

    /** Sum of all general and type references beyond allocations and page-table pins. */
    public int totalReferences() {
        int n = 0;
        for (int f = 0; f < nrFrames; f++) {
            n += count[f] + (type[f] == TYPE_WRITABLE ? typeCount[f] : 0);
        }
        return n;
    }

    private boolean inRange(long mfn) {
        return mfn == highAlias || (mfn >= 0 && mfn < nrFrames);
    }

    private int idx(long mfn) {
        return mfn == highAlias ? highAliasOf : (int) mfn;
    }

    @Override
    public boolean isRam(long mfn) {
        return inRange(mfn) && (mfn == highAlias || mfn < ramEnd);
    }

    @Override
    public int owner(long mfn) {
        return isRam(mfn) ? owner[idx(mfn)] : NO_OWNER;
    }

    @Override
    public boolean getPage(long mfn, int domid) {
        if (!isRam(mfn) || owner[idx(mfn)] != domid || domid == NO_OWNER) {
            return false;
        }
        count[idx(mfn)]++;
        return true;
    }

    @Override
    public void putPage(long mfn) {
        if (count[idx(mfn)] <= 0) {
            throw new AssertionError("put_page of frame " + mfn + " without a reference");
        }
        count[idx(mfn)]--;
    }

    @Override
    public boolean getWritableType(long mfn) {
        int f = idx(mfn);
        if (count[f] <= 0) {
            throw new AssertionError("get_page_type of frame " + mfn + " without a general reference");
        }
        if (typeCount[f] > 0 && type[f] != TYPE_WRITABLE) {
            return false;
        }
        type[f] = TYPE_WRITABLE;
        typeCount[f]++;
        return true;
    }

    @Override
    public void putWritableType(long mfn) {
        int f = idx(mfn);
        if (typeCount[f] <= 0 || type[f] != TYPE_WRITABLE) {
            throw new AssertionError("put_page_type of frame " + mfn + " without a writable type reference");
        }
        typeCount[f]--;
    }

    @Override
    public int createGrantHostMapping(int domid, int vcpu, long addr, long mfn, int gntmapFlags) {
        throw new UnsupportedOperationException("copy and transfer map nothing");
    }

    @Override
    public int replaceGrantHostMapping(int domid, int vcpu, long addr, long mfn, long newAddr, int gntmapFlags) {
        throw new UnsupportedOperationException("copy and transfer map nothing");
    }

    @Override
    public int stealPage(int domid, long mfn) {
        if (forcedStealError != 0) {
            return forcedStealError;
        }
        if (!isRam(mfn) || owner[idx(mfn)] != domid || count[idx(mfn)] != 0 || typeCount[idx(mfn)] != 0) {
            return Errno.EINVAL.neg();
        }
        owner[idx(mfn)] = NO_OWNER;
        type[idx(mfn)] = TYPE_NONE;
        inFlight[idx(mfn)] = true;
        totPages[domid]--;
        return 0;
    }

    @Override
    public int assignable(int domid) {
        if (domid < 0 || domid >= MAX_DOMS || dying[domid]) {
            return Errno.EINVAL.neg();
        }
        return totPages[domid] >= maxPages[domid] ? Errno.E2BIG.neg() : 0;
    }

    @Override
    public int assignPage(int domid, long mfn) {
        if (!inFlight[idx(mfn)]) {
            throw new AssertionError("assign_pages of frame " + mfn + " that is not in flight");
        }
        if (dying[domid] || totPages[domid] >= maxPages[domid]) {
            return Errno.EINVAL.neg();
        }
        inFlight[idx(mfn)] = false;
        owner[idx(mfn)] = domid;
        totPages[domid]++;
        return 0;
    }

    @Override
    public void freeInFlightPage(long mfn) {
        if (!inFlight[idx(mfn)]) {
            throw new AssertionError("free of frame " + mfn + " that is not in flight");
        }
        inFlight[idx(mfn)] = false;
        Arrays.fill(bytes[idx(mfn)], (byte) 0);
        freed++;
    }

    @Override
    public void setM2p(long mfn, long gpfn) {
        m2p[idx(mfn)] = gpfn;
    }

    @Override
    public long allocSharedFrame(int domid) {
        for (int f = nrFrames - 1; f > 0; f--) {
            if (owner[f] == NO_OWNER && !inFlight[f] && f < ramEnd) {
                owner[f] = domid;
                type[f] = TYPE_WRITABLE;
                Arrays.fill(bytes[f], (byte) 0);
                return f;
            }
        }
        return -1;
    }

    @Override
    public int unshareSharedFrame(int domid, long mfn) {
        owner[idx(mfn)] = NO_OWNER;
        return 0;
    }

    @Override
    public boolean freeSharedFrame(long mfn) {
        owner[idx(mfn)] = NO_OWNER;
        return true;
    }

    // ---- FrameMemory ----

    @Override
    public int read8(long mfn, int offset) {
        return bytes[idx(mfn)][offset] & 0xFF;
    }

    @Override
    public void write8(long mfn, int offset, int value) {
        bytes[idx(mfn)][offset] = (byte) value;
    }

    @Override
    public int read16(long mfn, int offset) {
        byte[] b = bytes[idx(mfn)];
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    @Override
    public void write16(long mfn, int offset, int value) {
        byte[] b = bytes[idx(mfn)];
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
    }

    @Override
    public int read32(long mfn, int offset) {
        return read16(mfn, offset) | read16(mfn, offset + 2) << 16;
    }

    @Override
    public void write32(long mfn, int offset, int value) {
        write16(mfn, offset, value);
        write16(mfn, offset + 2, value >>> 16);
    }

    @Override
    public long read64(long mfn, int offset) {
        return (read32(mfn, offset) & 0xFFFF_FFFFL) | (long) read32(mfn, offset + 4) << 32;
    }

    @Override
    public void write64(long mfn, int offset, long value) {
        write32(mfn, offset, (int) value);
        write32(mfn, offset + 4, (int) (value >>> 32));
    }

    @Override
    public long getWritablePage(int domid, long gfn) {
        if (!getPage(gfn, domid)) {
            return Errno.EINVAL.neg();
        }
        if (!getWritableType(gfn)) {
            putPage(gfn);
            return Errno.EINVAL.neg();
        }
        return gfn;
    }

    @Override
    public void putWritablePage(long mfn) {
        putWritableType(mfn);
        putPage(mfn);
    }

    @Override
    public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
        if (srcOff < 0 || dstOff < 0 || len < 0 || srcOff + len > 4096 || dstOff + len > 4096) {
            throw new AssertionError("copy out of its frames: " + srcOff + "/" + dstOff + "+" + len);
        }
        if (count[idx(srcMfn)] <= 0) {
            throw new AssertionError("copy from frame " + srcMfn + " without a reference on it");
        }
        if (count[idx(dstMfn)] <= 0 || typeCount[idx(dstMfn)] <= 0 || type[idx(dstMfn)] != TYPE_WRITABLE) {
            throw new AssertionError("copy to frame " + dstMfn + " without a reference and a writable type on it");
        }
        if (onCopy != null) {
            onCopy.run();
        }
        System.arraycopy(bytes[idx(srcMfn)], srcOff, bytes[idx(dstMfn)], dstOff, len);
    }
}
