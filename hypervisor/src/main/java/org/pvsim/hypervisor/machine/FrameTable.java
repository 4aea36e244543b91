package org.pvsim.hypervisor.machine;

import java.util.Arrays;
import org.pvsim.hypervisor.abi.XenAddressSpace;

/**
 * Per-frame bookkeeping, Xen's {@code struct page_info} ({@code xen/arch/x86/include/asm/mm.h}), held in primitive
 * arrays indexed by machine frame number so that access allocates nothing.
 *
 * <ul>
 *   <li>{@code owner}: the domain the frame belongs to, or {@link #NO_OWNER} when free.
 *   <li>{@code count}: the general reference count ({@code count_info}), including the allocation reference that
 *       {@link #PGC_allocated} stands for.
 *   <li>{@code type} and {@code typeCount}: the {@link PageType} and its reference count ({@code type_info}).
 *   <li>{@code pinned} and {@code validated} ({@code PGT_pinned}, {@code PGT_validated}).
 *   <li>{@code linear}: the number of linear page-table entries the frame holds (positive) or that point to it
 *       (negative) ({@code linear_pt_count}).
 *   <li>{@code m2p}: the machine-to-phys entry.
 * </ul>
 *
 * <p>This class stores; it enforces nothing. The rules that keep these counts right are in the PV MMU
 * ({@code org.pvsim.hypervisor.mm}), and the auditor recomputes them from scratch.
 */
public final class FrameTable {
    /** The owner of a free frame. */
    public static final int NO_OWNER = -1;

    /** {@code PGC_allocated}: the owner holds the allocation reference. */
    public static final int PGC_allocated = 1;
    /** A frame Xen allocated for itself and shares with the owner (shared_info): not counted in tot_pages. */
    public static final int PGC_xen_heap = 2;

    private final int[] owner;
    private final int[] count;
    private final byte[] pgc;
    private final byte[] type;
    private final int[] typeCount;
    private final boolean[] pinned;
    private final boolean[] validated;
    private final int[] linear;
    private final long[] m2p;

    public FrameTable(int nrFrames) {
        owner = new int[nrFrames];
        Arrays.fill(owner, NO_OWNER);
        count = new int[nrFrames];
        pgc = new byte[nrFrames];
        type = new byte[nrFrames];
        typeCount = new int[nrFrames];
        pinned = new boolean[nrFrames];
        validated = new boolean[nrFrames];
        linear = new int[nrFrames];
        m2p = new long[nrFrames];
        Arrays.fill(m2p, XenAddressSpace.INVALID_M2P_ENTRY);
    }

    public int nrFrames() {
        return owner.length;
    }

    public int owner(long mfn) {
        return owner[(int) mfn];
    }

    public void setOwner(long mfn, int domid) {
        owner[(int) mfn] = domid;
    }

    public int count(long mfn) {
        return count[(int) mfn];
    }

    public void setCount(long mfn, int value) {
        count[(int) mfn] = value;
    }

    public boolean hasPgc(long mfn, int flag) {
        return (pgc[(int) mfn] & flag) != 0;
    }

    public void setPgc(long mfn, int flag, boolean on) {
        int i = (int) mfn;
        pgc[i] = (byte) (on ? pgc[i] | flag : pgc[i] & ~flag);
    }

    public PageType type(long mfn) {
        return PageType.ofCode(type[(int) mfn]);
    }

    public void setType(long mfn, PageType t) {
        type[(int) mfn] = (byte) t.code;
    }

    public int typeCount(long mfn) {
        return typeCount[(int) mfn];
    }

    public void setTypeCount(long mfn, int value) {
        typeCount[(int) mfn] = value;
    }

    public boolean isPinned(long mfn) {
        return pinned[(int) mfn];
    }

    public void setPinned(long mfn, boolean on) {
        pinned[(int) mfn] = on;
    }

    public boolean isValidated(long mfn) {
        return validated[(int) mfn];
    }

    public void setValidated(long mfn, boolean on) {
        validated[(int) mfn] = on;
    }

    public int linear(long mfn) {
        return linear[(int) mfn];
    }

    public void setLinear(long mfn, int value) {
        linear[(int) mfn] = value;
    }

    public long m2p(long mfn) {
        return m2p[(int) mfn];
    }

    public void setM2p(long mfn, long pfn) {
        m2p[(int) mfn] = pfn;
    }

    /** Resets every field of a frame to its free state. */
    public void clear(long mfn) {
        int i = (int) mfn;
        owner[i] = NO_OWNER;
        count[i] = 0;
        pgc[i] = 0;
        type[i] = 0;
        typeCount[i] = 0;
        pinned[i] = false;
        validated[i] = false;
        linear[i] = 0;
        m2p[i] = XenAddressSpace.INVALID_M2P_ENTRY;
    }
}
