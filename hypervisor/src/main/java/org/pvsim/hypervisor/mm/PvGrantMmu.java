package org.pvsim.hypervisor.mm;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.machine.FrameAllocator;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.spi.GrantMmu;

/**
 * The PV MMU's side of the grant tables ({@link GrantMmu}): page references on the frames a grant names ({@code
 * get_page}, {@code get_page_type(PGT_writable_page)}), grant host mappings ({@link GrantPvMappings}), the ownership
 * moves of {@code GNTTABOP_transfer} ({@code steal_page}, {@code assign_pages}, {@code x86/mm.c} and {@code
 * common/page_alloc.c}) and the Xen-heap frames holding grant and status entries ({@code gnttab_create_shared_page},
 * {@code gnttab_unpopulate_status_frames}, {@code free_xenheap_page}).
 *
 * <p>Invariants: every reference taken here is the frame-table reference the auditor expects of its holder; an
 * in-flight frame (stolen, not yet assigned) has no owner and only its allocation reference, and leaves that state
 * within the same hypercall; a shared frame is a Xen-heap frame (Xen keeps a writable type reference on it for good,
 * so it never becomes a page table) owned by its domain while shared and by {@code DOMID_XEN} after, until {@link
 * #freeSharedFrame} returns it to the pool. Guest numbers never throw: every refusal is a return value.
 */
public final class PvGrantMmu implements GrantMmu {
    private final PageTypes types;
    private final PageRefs refs;
    private final FrameTable frames;
    private final FrameAllocator allocator;
    private final DomainTable domains;
    private final GrantPvMappings mappings;

    public PvGrantMmu(PageTypes types, DomainTable domains, FrameAllocator allocator) {
        this.types = types;
        this.refs = types.refs();
        this.frames = refs.frames();
        this.allocator = allocator;
        this.domains = domains;
        this.mappings = new GrantPvMappings(types, domains);
    }

    @Override
    public boolean isRam(long mfn) {
        return refs.isRam(mfn);
    }

    @Override
    public int owner(long mfn) {
        return refs.isRam(mfn) && frames.count(mfn) > 0 ? frames.owner(mfn) : NO_OWNER;
    }

    // ---- references ----

    @Override
    public boolean getPage(long mfn, int domid) {
        return refs.getPage(mfn, domid);
    }

    @Override
    public void putPage(long mfn) {
        refs.putPage(mfn);
    }

    @Override
    public boolean getWritableType(long mfn) {
        return refs.isRam(mfn) && frames.count(mfn) > 0 && types.getPageType(mfn, PageType.PGT_writable_page) == 0;
    }

    @Override
    public void putWritableType(long mfn) {
        types.putPageType(mfn);
    }

    // ---- host mappings ----

    @Override
    public int createGrantHostMapping(int domid, int vcpu, long addr, long mfn, int gntmapFlags) {
        return mappings.create(domid, vcpu, addr, mfn, gntmapFlags);
    }

    @Override
    public int replaceGrantHostMapping(int domid, int vcpu, long addr, long mfn, long newAddr, int gntmapFlags) {
        return mappings.replace(domid, vcpu, addr, mfn, newAddr, gntmapFlags);
    }

    // ---- transfer ----

    /** An in-flight frame: out of the pool, no owner, only its allocation reference. */
    private boolean isInFlight(long mfn) {
        return refs.isRam(mfn)
                && !allocator.isFree(mfn)
                && frames.owner(mfn) == FrameTable.NO_OWNER
                && frames.count(mfn) == 1
                && frames.hasPgc(mfn, FrameTable.PGC_allocated);
    }

    /**
     * {@code steal_page(d, page, 0)}: the frame must be {@code domid}'s, not a Xen-heap frame ({@code
     * is_special_page}), and hold exactly the allocation reference besides the one taken to look at it, so no
     * mapping, pin or type reference remains. Its type is reset, it leaves {@code tot_pages}, and its M2P entry is
     * invalidated ({@code guest_physmap_remove_page}).
     */
    @Override
    public int stealPage(int domid, long mfn) {
        if (!refs.isRam(mfn)) {
            return Errno.EINVAL.neg();
        }
        int owner = refs.getOwnerAndReference(mfn);
        if (owner == FrameTable.NO_OWNER) {
            return Errno.EINVAL.neg();
        }
        Domain d = domains.get(domid);
        if (owner != domid
                || d == null
                || frames.hasPgc(mfn, FrameTable.PGC_xen_heap)
                || frames.count(mfn) != 2
                || !frames.hasPgc(mfn, FrameTable.PGC_allocated)
                || frames.typeCount(mfn) != 0
                || frames.isPinned(mfn)) {
            refs.putPage(mfn);
            return Errno.EINVAL.neg();
        }
        frames.setCount(mfn, 1);
        frames.setType(mfn, PageType.PGT_none);
        frames.setValidated(mfn, false);
        frames.setLinear(mfn, 0);
        frames.setOwner(mfn, FrameTable.NO_OWNER);
        frames.setM2p(mfn, XenAddressSpace.INVALID_M2P_ENTRY);
        d.adjustTotPages(-1);
        return 0;
    }

    /**
     * The checks {@code gnttab_transfer} makes on the receiving domain before it commits the grant entry: not dying,
     * and headroom below {@code max_pages}.
     *
     * @return 0, {@code -EINVAL} (unknown or dying) or {@code -E2BIG} (no headroom)
     */
    @Override
    public int assignable(int domid) {
        Domain d = domains.get(domid);
        if (d == null || !d.isAlive()) {
            return Errno.EINVAL.neg();
        }
        if (d.totPages() >= d.maxPages() || d.totPages() + 1 > 0xFFFF_FFFFL) {
            return Errno.E2BIG.neg();
        }
        return 0;
    }

    /** {@code assign_pages(page, 1, e, 0)} with the transfer's headroom check. */
    @Override
    public int assignPage(int domid, long mfn) {
        if (!isInFlight(mfn)) {
            return Errno.EINVAL.neg();
        }
        int rc = assignable(domid);
        if (rc != 0) {
            return rc;
        }
        Domain d = domains.get(domid);
        frames.setOwner(mfn, domid);
        d.adjustTotPages(1);
        return 0;
    }

    /** {@code free_domheap_page} of an in-flight frame: scrubbed and back in the pool. */
    @Override
    public void freeInFlightPage(long mfn) {
        if (isInFlight(mfn)) {
            refs.putAllocRef(mfn);
        }
    }

    @Override
    public void setM2p(long mfn, long gpfn) {
        if (refs.isRam(mfn)) {
            frames.setM2p(mfn, gpfn);
        }
    }

    // ---- shared frames ----

    /** {@code alloc_xenheap_page} + {@code share_xen_page_with_guest(SHARE_rw)}, zeroed. */
    @Override
    public long allocSharedFrame(int domid) {
        Domain d = domains.get(domid);
        if (d == null || !d.isAlive()) {
            return -1;
        }
        return refs.allocate(d, 0, true);
    }

    /**
     * One frame of {@code gnttab_unpopulate_status_frames} for a PV domain: the allocation reference is dropped
     * only if it is the last reference; then the frame is Xen's alone ({@code page_set_owner(pg, NULL)}), out of
     * the domain's count, and waits for {@link #freeSharedFrame} ({@code free_xenheap_page}). Otherwise {@code
     * -EBUSY} and nothing changes (Xen drops and retakes the reference).
     */
    @Override
    public int unshareSharedFrame(int domid, long mfn) {
        if (!refs.isRam(mfn)
                || frames.owner(mfn) != domid
                || !frames.hasPgc(mfn, FrameTable.PGC_xen_heap)
                || !frames.hasPgc(mfn, FrameTable.PGC_allocated)) {
            return Errno.EINVAL.neg();
        }
        if (frames.count(mfn) != 1) {
            return Errno.EBUSY.neg();
        }
        refs.putAllocRef(mfn);
        return 0;
    }

    /** {@code share_xen_page_with_guest(SHARE_rw)} again, for a frame {@link #unshareSharedFrame} took back. */
    @Override
    public int reshareSharedFrame(int domid, long mfn) {
        Domain d = domains.get(domid);
        if (d == null || !d.isAlive() || !refs.isXenHeld(mfn)) {
            return Errno.EINVAL.neg();
        }
        frames.setOwner(mfn, domid);
        frames.setPgc(mfn, FrameTable.PGC_allocated, true);
        frames.setCount(mfn, 1);
        d.adjustXenheapPages(1);
        return 0;
    }

    /** {@code free_xenheap_page}: a shared frame no domain holds any more returns to the pool. */
    @Override
    public boolean freeSharedFrame(long mfn) {
        return refs.freeXenHeap(mfn);
    }
}
