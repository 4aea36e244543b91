package org.pvsim.hypervisor.spi.testing;

import java.util.Map;
import java.util.TreeMap;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.GrantMmu;

/**
 * A {@link GrantMmu} for unit tests: RAM frames with an owner, a general count (the allocation reference included)
 * and a writable type count; page-table frames refuse writable types; host mappings are kept by (mapper, address);
 * shared frames are allocated from {@link #SHARED_BASE} up. Every put below zero is an {@link AssertionError}, so a
 * test notices a reference dropped twice.
 */
public final class FakeGrantMmu implements GrantMmu {
    /** The first frame {@link #allocSharedFrame} hands out. */
    public static final long SHARED_BASE = 0x8_0000L;
    /** The owner of a shared frame taken back ({@code DOMID_XEN}). */
    public static final int XEN = 0x7FF2;

    /** One frame's state. */
    public static final class Frame {
        public int owner;
        public int count;
        public int typeCount;
        public boolean pageTable;
        public boolean shared;
        public boolean inFlight;
    }

    /** A host mapping: the frame and the GNTMAP flags it was made with. */
    public record HostMapping(long mfn, int flags) {}

    public final Map<Long, Frame> frames = new TreeMap<>();
    public final Map<String, HostMapping> hostMappings = new TreeMap<>();
    private long nextShared = SHARED_BASE;
    /** How many more shared frames may be allocated (-1: unlimited). */
    public int sharedFramesLeft = -1;
    /** Host addresses at which createGrantHostMapping fails. */
    public long badHostAddr = 0xBAD000L;

    /** Makes {@code mfn} a RAM frame of {@code domid} with its allocation reference. */
    public Frame give(long mfn, int domid) {
        Frame f = new Frame();
        f.owner = domid;
        f.count = 1;
        frames.put(mfn, f);
        return f;
    }

    public Frame frame(long mfn) {
        return frames.get(mfn);
    }

    /** General references of {@code mfn} (the allocation reference included). */
    public int count(long mfn) {
        Frame f = frames.get(mfn);
        return f == null ? 0 : f.count;
    }

    /** Writable type references of {@code mfn}. */
    public int typeCount(long mfn) {
        Frame f = frames.get(mfn);
        return f == null ? 0 : f.typeCount;
    }

    private static String key(int domid, long addr) {
        return domid + "@" + Long.toHexString(addr);
    }

    /** The host mapping of {@code domid} at {@code addr}, or null. */
    public HostMapping hostMapping(int domid, long addr) {
        return hostMappings.get(key(domid, addr));
    }

    /** Pins {@code mfn} as a page table ({@code get_page_type(PGT_l1_page_table)}): false if it has a writable type. */
    public boolean pinAsPageTable(long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || f.typeCount > 0) {
            return false;
        }
        f.pageTable = true;
        return true;
    }

    @Override
    public boolean isRam(long mfn) {
        return frames.containsKey(mfn);
    }

    @Override
    public int owner(long mfn) {
        Frame f = frames.get(mfn);
        return f == null || f.count == 0 || f.inFlight ? NO_OWNER : f.owner;
    }

    @Override
    public boolean getPage(long mfn, int domid) {
        Frame f = frames.get(mfn);
        if (f == null || f.count == 0 || f.inFlight || f.owner != domid) {
            return false;
        }
        f.count++;
        return true;
    }

    @Override
    public void putPage(long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || f.count <= 0) {
            throw new AssertionError("put_page underflow on mfn " + Long.toHexString(mfn));
        }
        f.count--;
    }

    @Override
    public boolean getWritableType(long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || f.count == 0 || f.pageTable) {
            return false;
        }
        f.typeCount++;
        return true;
    }

    @Override
    public void putWritableType(long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || f.typeCount <= 0) {
            throw new AssertionError("put_page_type underflow on mfn " + Long.toHexString(mfn));
        }
        f.typeCount--;
    }

    @Override
    public int createGrantHostMapping(int domid, int vcpu, long addr, long mfn, int gntmapFlags) {
        if (addr == badHostAddr || hostMappings.containsKey(key(domid, addr))) {
            return -1;
        }
        hostMappings.put(key(domid, addr), new HostMapping(mfn, gntmapFlags));
        return 0;
    }

    @Override
    public int replaceGrantHostMapping(int domid, int vcpu, long addr, long mfn, long newAddr, int gntmapFlags) {
        HostMapping m = hostMappings.get(key(domid, addr));
        if (m == null || m.mfn() != mfn) {
            return -1;
        }
        hostMappings.remove(key(domid, addr));
        if (newAddr != 0) {
            HostMapping moved = hostMappings.remove(key(domid, newAddr));
            if (moved != null) {
                hostMappings.put(key(domid, addr), moved);
            }
        }
        return 0;
    }

    @Override
    public int stealPage(int domid, long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || f.owner != domid || f.count != 1 || f.typeCount != 0 || f.shared || f.inFlight) {
            return Errno.EINVAL.neg();
        }
        f.inFlight = true;
        f.owner = NO_OWNER;
        return 0;
    }

    @Override
    public int assignPage(int domid, long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || !f.inFlight) {
            return Errno.EINVAL.neg();
        }
        f.inFlight = false;
        f.owner = domid;
        return 0;
    }

    @Override
    public void freeInFlightPage(long mfn) {
        Frame f = frames.get(mfn);
        if (f != null && f.inFlight) {
            frames.remove(mfn);
        }
    }

    @Override
    public void setM2p(long mfn, long gpfn) {}

    @Override
    public long allocSharedFrame(int domid) {
        if (sharedFramesLeft == 0) {
            return -1;
        }
        if (sharedFramesLeft > 0) {
            sharedFramesLeft--;
        }
        long mfn = nextShared++;
        Frame f = give(mfn, domid);
        f.shared = true;
        return mfn;
    }

    @Override
    public int unshareSharedFrame(int domid, long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || !f.shared || f.owner != domid) {
            return Errno.EINVAL.neg();
        }
        if (f.count != 1) {
            return Errno.EBUSY.neg();
        }
        f.count = 0;
        f.owner = XEN;
        return 0;
    }

    @Override
    public int reshareSharedFrame(int domid, long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || !f.shared || f.owner != XEN || f.count != 0) {
            return Errno.EINVAL.neg();
        }
        f.owner = domid;
        f.count = 1;
        return 0;
    }

    @Override
    public boolean freeSharedFrame(long mfn) {
        Frame f = frames.get(mfn);
        if (f == null || !f.shared || f.count > 1) {
            return false;
        }
        frames.remove(mfn);
        return true;
    }

    /** Shared frames still allocated. */
    public long sharedFrameCount() {
        return frames.values().stream().filter(f -> f.shared).count();
    }
}
