package org.pvsim.hypervisor.mm;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.machine.FrameAllocator;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;

/**
 * General page references and page ownership: Xen's {@code get_page}, {@code put_page},
 * {@code alloc_domheap_pages} and {@code free_domheap_page} ({@code xen/common/page_alloc.c},
 * {@code xen/arch/x86/mm.c}).
 *
 * <p>Invariants: a frame with a non-zero count has an owner; an allocated frame holds one reference for
 * {@code PGC_allocated}; when the count reaches 0 the frame is scrubbed, leaves its owner's {@code tot_pages} and
 * returns to the free pool. A reference is taken only on a frame whose count is already non-zero, so a free frame
 * can never be revived by a stale number.
 */
public final class PageRefs {
    /** Told when a frame leaves a domain, so that a dying domain can become dead when its last frame goes. */
    @FunctionalInterface
    public interface FrameReleased {
        void released(Domain owner);
    }

    /** The highest general count: one more reference fails, as a count overflow does in Xen. */
    static final int MAX_COUNT = Integer.MAX_VALUE - 1;

    private final FrameTable frames;
    private final MachineMemory memory;
    private final FrameAllocator allocator;
    private final DomainTable domains;
    private FrameReleased releasedListener = owner -> {};

    public PageRefs(FrameTable frames, MachineMemory memory, FrameAllocator allocator, DomainTable domains) {
        this.frames = frames;
        this.memory = memory;
        this.allocator = allocator;
        this.domains = domains;
    }

    public void setReleasedListener(FrameReleased listener) {
        this.releasedListener = listener;
    }

    public FrameTable frames() {
        return frames;
    }

    public MachineMemory memory() {
        return memory;
    }

    /** Whether {@code mfn} is a RAM frame ({@code mfn_valid}). */
    public boolean isRam(long mfn) {
        return memory.isRam(mfn);
    }

    /**
     * {@code get_page(page, d)}: takes a reference on a frame owned by {@code domid}.
     *
     * @return false if the frame is not RAM, not owned by {@code domid}, free, or its count would overflow
     */
    public boolean getPage(long mfn, int domid) {
        if (!memory.isRam(mfn) || frames.owner(mfn) != domid) {
            return false;
        }
        int c = frames.count(mfn);
        if (c == 0 || c >= MAX_COUNT) {
            return false;
        }
        frames.setCount(mfn, c + 1);
        return true;
    }

    /**
     * {@code page_get_owner_and_reference}: takes a reference on an in-use frame and says who owns it.
     *
     * @return the owner's domid, or {@link FrameTable#NO_OWNER} (and no reference) if the frame is free or full
     */
    public int getOwnerAndReference(long mfn) {
        int c = frames.count(mfn);
        if (c == 0 || c >= MAX_COUNT) {
            return FrameTable.NO_OWNER;
        }
        frames.setCount(mfn, c + 1);
        return frames.owner(mfn);
    }

    /** {@code put_page}: drops a reference; the last one frees the frame. */
    public void putPage(long mfn) {
        int c = frames.count(mfn);
        if (c <= 0) {
            throw new IllegalStateException("put_page on frame " + mfn + " with count " + c);
        }
        frames.setCount(mfn, c - 1);
        if (c == 1) {
            free(mfn);
        }
    }

    /**
     * Allocates {@code 2^order} frames to domain {@code d} ({@code alloc_domheap_pages} + {@code assign_pages}):
     * each owned by {@code d}, allocated, count 1, type none. They count in {@code tot_pages} unless {@code
     * xenHeap}; the caller checks {@code max_pages} before.
     *
     * <p>A {@code xenHeap} frame is one Xen allocates for itself and shares with {@code d} writable, as it does
     * shared_info ({@code share_xen_page_with_guest(SHARE_rw)}, {@code xen/arch/x86/mm.c}): Xen holds a writable
     * type reference on it for good, so it can never become a page table, and it counts in {@code xenheap_pages}.
     *
     * @return the first frame, or -1 if the pool has no such run
     */
    public long allocate(Domain d, int order, boolean xenHeap) {
        return allocate(d, order, xenHeap, Long.MAX_VALUE);
    }

    /**
     * Like {@link #allocate(Domain, int, boolean)}, from frames below {@code limit} only ({@code MEMF_bits}).
     *
     * @return the first frame, or -1 if the pool has no such run below the limit
     */
    public long allocate(Domain d, int order, boolean xenHeap, long limit) {
        long mfn = allocator.allocate(order, limit);
        if (mfn < 0) {
            return -1;
        }
        int n = 1 << order;
        for (long f = mfn; f < mfn + n; f++) {
            frames.clear(f);
            frames.setOwner(f, d.domid());
            frames.setPgc(f, FrameTable.PGC_allocated, true);
            frames.setPgc(f, FrameTable.PGC_xen_heap, xenHeap);
            frames.setCount(f, 1);
            if (xenHeap) {
                frames.setType(f, PageType.PGT_writable_page);
                frames.setTypeCount(f, 1);
                frames.setValidated(f, true);
            }
            memory.scrub(f);
        }
        if (xenHeap) {
            d.adjustXenheapPages(n);
        } else {
            d.adjustTotPages(n);
        }
        return mfn;
    }

    /**
     * Drops the allocation reference of a frame ({@code put_page_alloc_ref}) if it still holds one.
     *
     * @return whether it held one
     */
    public boolean putAllocRef(long mfn) {
        if (!frames.hasPgc(mfn, FrameTable.PGC_allocated)) {
            return false;
        }
        frames.setPgc(mfn, FrameTable.PGC_allocated, false);
        putPage(mfn);
        return true;
    }

    /**
     * The last reference is gone ({@code free_domheap_pages}). A domain frame is scrubbed and returns to the pool. A
     * Xen-heap frame only leaves its domain ({@code xenheap_pages}): Xen still uses it, so it stays out of the pool,
     * owned by {@code DOMID_XEN} with no reference a guest could take, until {@link #freeXenHeap} gives it back.
     */
    private void free(long mfn) {
        int owner = frames.owner(mfn);
        Domain d = DomId.isRealDomain(owner) ? domains.get(owner) : null;
        boolean xenHeap = frames.hasPgc(mfn, FrameTable.PGC_xen_heap);
        if (xenHeap) {
            frames.setOwner(mfn, DomId.DOMID_XEN);
            frames.setPgc(mfn, FrameTable.PGC_allocated, false);
            frames.setM2p(mfn, XenAddressSpace.INVALID_M2P_ENTRY);
        } else {
            frames.clear(mfn);
            frames.setM2p(mfn, XenAddressSpace.INVALID_M2P_ENTRY);
            memory.scrub(mfn);
            // no cached translation may outlive the frame's reuse (the scrub already voids any walked through it)
            memory.invalidateTranslations();
            allocator.free(mfn, 0);
        }
        if (d != null) {
            if (xenHeap) {
                d.adjustXenheapPages(-1);
            } else {
                d.adjustTotPages(-1);
            }
            releasedListener.released(d);
        }
    }

    /** Whether {@code mfn} is a Xen-heap frame no domain holds any more: Xen's alone, not in the pool. */
    public boolean isXenHeld(long mfn) {
        return memory.isRam(mfn)
                && frames.hasPgc(mfn, FrameTable.PGC_xen_heap)
                && frames.owner(mfn) == DomId.DOMID_XEN
                && frames.count(mfn) == 0;
    }

    /**
     * {@code free_xenheap_page}: Xen is done with a Xen-heap frame it shared (a destroyed domain's shared_info,
     * {@code free_shared_info}); if no domain holds it any more, it is scrubbed and returns to the pool.
     *
     * @return whether the frame was returned
     */
    public boolean freeXenHeap(long mfn) {
        if (!isXenHeld(mfn)) {
            return false;
        }
        frames.clear(mfn);
        memory.scrub(mfn);
        memory.invalidateTranslations();
        allocator.free(mfn, 0);
        return true;
    }
}
