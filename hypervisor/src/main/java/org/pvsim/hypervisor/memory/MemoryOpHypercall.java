package org.pvsim.hypervisor.memory;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.abi.XenMemoryReservationDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.mm.PageRefs;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_memory_op(cmd, arg)} ({@code do_memory_op}, {@code xen/common/memory.c}) for a PV domain.
 *
 * <p>The reservation commands take a {@code xen_memory_reservation} and return the number of extents done, not an
 * errno: a short count means failure, and any problem found before the first extent returns the start extent (the
 * command word's bits above {@link MemoryOp#MEMOP_EXTENT_SHIFT}).
 *
 * <ul>
 *   <li>{@code XENMEM_increase_reservation}: allocates extents of {@code 2^extent_order} frames and, if the list is
 *       not null, writes each extent's first MFN into it.
 *   <li>{@code XENMEM_decrease_reservation}: the list names MFNs; each frame must belong to the domain; its
 *       allocation reference is dropped (a frame still referenced elsewhere stays until the last reference goes).
 *   <li>{@code XENMEM_populate_physmap}: the list names pseudo-physical frame numbers; each extent is allocated,
 *       its M2P entries set, and its first MFN written back.
 *   <li>{@code XENMEM_current_reservation} / {@code XENMEM_maximum_reservation}: {@code tot_pages} /
 *       {@code max_pages} of the {@code domid_t} at {@code arg}; {@code -ESRCH}, {@code -EPERM}.
 *   <li>{@code XENMEM_maximum_ram_page}: the number of machine frames.
 * </ul>
 * Allocation stops when {@code tot_pages} would exceed {@code max_pages} or the machine runs out of frames. A domU
 * may act only on itself; the extent order is at most 9 for a domU and 18 for the control domain
 * ({@code max_order}). {@code mem_flags} is checked as {@code construct_memop_from_reservation} does: an address width
 * of a page or less, or a node the caller may not ask for, gives no extent; a narrower width than the machine's
 * limits the frames allocated to those below it.
 */
public final class MemoryOpHypercall implements CoreHypercall {
    /** {@code domu_max_order}: x86's {@code PAGETABLE_ORDER}. */
    public static final int DOMU_MAX_ORDER = 9;
    /** {@code ctldom_max_order}: {@code CONFIG_PAGEALLOC_MAX_ORDER}. */
    public static final int CTLDOM_MAX_ORDER = 18;
    /** {@code MAX_NUMNODES} on x86 ({@code CONFIG_NR_NUMA_NODES}). */
    public static final int MAX_NUMNODES = 64;

    /** {@code NUMA_NO_NODE}: no node asked for. */
    private static final int NUMA_NO_NODE = 0xFF;

    /** CPU time per frame allocated or freed. */
    public static final long COST_PER_FRAME_NS = 25;

    private final PageRefs refs;
    private final FrameTable frames;
    private final DomainTable domains;
    private final byte[] reservation = new byte[XenMemoryReservationDescriptor.SIZE];
    private final byte[] word = new byte[8];

    public MemoryOpHypercall(PageRefs refs, DomainTable domains) {
        this.refs = refs;
        this.frames = refs.frames();
        this.domains = domains;
    }

    @Override
    public long invoke(HypercallFrame f, long cmd, long arg, long a3, long a4, long a5) {
        long startExtent = cmd >>> MemoryOp.MEMOP_EXTENT_SHIFT;
        MemoryOp op = MemoryOp.ofCode(cmd & MemoryOp.MEMOP_CMD_MASK);
        if (op == null) {
            return Errno.ENOSYS.neg();
        }
        switch (op) {
            case XENMEM_increase_reservation:
            case XENMEM_decrease_reservation:
            case XENMEM_populate_physmap:
                return reservation(f, op, startExtent, arg);
            case XENMEM_current_reservation:
            case XENMEM_maximum_reservation:
                return reservationSize(f, op, startExtent, arg);
            case XENMEM_maximum_ram_page:
                return startExtent != 0 ? Errno.EINVAL.neg() : frames.nrFrames();
            default:
                return Errno.ENOSYS.neg();
        }
    }

    private static int maxOrder(Domain d) {
        return d.isPrivileged() ? CTLDOM_MAX_ORDER : DOMU_MAX_ORDER;
    }

    private long reservation(HypercallFrame f, MemoryOp op, long startExtent, long arg) {
        if (f.copyFromGuest(arg, reservation, 0, reservation.length) != 0) {
            return startExtent;
        }
        long list = LittleEndian.getI64(reservation, XenMemoryReservationDescriptor.EXTENT_START_OFFSET);
        long nrExtents = LittleEndian.getI64(reservation, XenMemoryReservationDescriptor.NR_EXTENTS_OFFSET);
        long order = LittleEndian.getU32(reservation, XenMemoryReservationDescriptor.EXTENT_ORDER_OFFSET);
        int domid = LittleEndian.getU16(reservation, XenMemoryReservationDescriptor.DOMID_OFFSET);
        if (Long.compareUnsigned(nrExtents, 0xFFFF_FFFFL >>> MemoryOp.MEMOP_EXTENT_SHIFT) > 0
                || startExtent >= nrExtents) {
            return startExtent;
        }
        int memFlags = LittleEndian.getI32(reservation, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET);
        Domain d = domid == DomId.DOMID_SELF ? f.domain() : domains.get(domid);
        if (d == null || DummyXsm.target(f.domain(), d.domid()) != 0) {
            return startExtent;
        }
        long limit = addressLimit(memFlags);
        if (limit < 0 || !nodeOk(f.domain(), memFlags)) {
            return startExtent;
        }
        if (order > maxOrder(f.domain())) {
            return startExtent;
        }
        boolean listIsNull = list == 0 && op == MemoryOp.XENMEM_increase_reservation;
        if (!listIsNull && !f.handleOkay(list + 8 * startExtent, 8 * (nrExtents - startExtent))) {
            return startExtent;
        }
        switch (op) {
            case XENMEM_increase_reservation:
                return increase(f, d, list, listIsNull, startExtent, nrExtents, (int) order, limit);
            case XENMEM_decrease_reservation:
                return decrease(f, d, list, startExtent, nrExtents, (int) order);
            default:
                boolean pod = (memFlags & XenMemoryReservationDescriptor.XENMEMF_populate_on_demand) != 0;
                return populate(f, d, list, startExtent, nrExtents, (int) order, limit, pod);
        }
    }

    /**
     * The address-width part of {@code construct_memop_from_reservation}: a width narrower than the machine's
     * addresses limits the frames an allocation may take to those below {@code 2^bits} bytes ({@code MEMF_bits}); a
     * width of a page or less is {@code -EINVAL}.
     *
     * @return the frame number allocations must stay below, or -1 if the width is refused
     */
    private long addressLimit(int memFlags) {
        int bits = XenMemoryReservationDescriptor.addressBits(memFlags);
        int machineBits = orderOfPages(frames.nrFrames()) + X86Paging.PAGE_SHIFT;
        if (bits == 0 || bits >= machineBits) {
            return Long.MAX_VALUE;
        }
        return bits <= X86Paging.PAGE_SHIFT ? -1 : 1L << (bits - X86Paging.PAGE_SHIFT);
    }

    /** {@code get_order_from_pages}: the smallest order whose extent holds {@code pages} pages. */
    private static int orderOfPages(long pages) {
        int order = 0;
        while ((1L << order) < pages) {
            order++;
        }
        return order;
    }

    /**
     * The node part of {@code construct_memop_from_reservation} ({@code propagate_node}): no node, or a node named
     * through {@code XENMEMF_vnode} (pvsim's domains have no vNUMA layout, so Xen checks nothing), is fine. The
     * hardware or control domain may name a node below {@code MAX_NUMNODES}; another domain's node is a hint it may
     * not make exact.
     */
    private static boolean nodeOk(Domain caller, int memFlags) {
        if ((memFlags & XenMemoryReservationDescriptor.XENMEMF_vnode) != 0) {
            return true;
        }
        int node = XenMemoryReservationDescriptor.node(memFlags);
        if (node == NUMA_NO_NODE) {
            return true;
        }
        if (caller.isHardwareDomain() || caller.isPrivileged()) {
            return node < MAX_NUMNODES;
        }
        return (memFlags & XenMemoryReservationDescriptor.XENMEMF_exact_node_request) == 0;
    }

    /**
     * {@code alloc_domheap_pages} + {@code assign_pages}: -1 if over {@code max_pages}, dying, or out of memory below
     * {@code limit}.
     */
    private long allocateExtent(HypercallFrame f, Domain d, int order, long limit) {
        long n = 1L << order;
        if (!d.isAlive() || d.totPages() + n > d.maxPages()) {
            return -1;
        }
        f.charge(COST_PER_FRAME_NS * n);
        return refs.allocate(d, order, false, limit);
    }

    private long increase(
            HypercallFrame f,
            Domain d,
            long list,
            boolean listIsNull,
            long start,
            long nrExtents,
            int order,
            long limit) {
        long i;
        for (i = start; i < nrExtents; i++) {
            long mfn = allocateExtent(f, d, order, limit);
            if (mfn < 0) {
                break;
            }
            if (!listIsNull) {
                LittleEndian.putI64(word, 0, mfn);
                if (f.copyToGuest(list + 8 * i, word, 0, 8) != 0) {
                    break;
                }
            }
        }
        return i;
    }

    /**
     * {@code populate_physmap}. With {@code XENMEMF_populate_on_demand}, which only an HVM domain acts on, Xen refuses
     * the call on oneself and otherwise counts each extent done without allocating it.
     */
    private long populate(
            HypercallFrame f, Domain d, long list, long start, long nrExtents, int order, long limit, boolean pod) {
        long i;
        for (i = start; i < nrExtents; i++) {
            if (f.copyFromGuest(list + 8 * i, word, 0, 8) != 0) {
                break;
            }
            if (pod) {
                if (d == f.domain()) {
                    break;
                }
                continue;
            }
            long gpfn = LittleEndian.getI64(word, 0);
            long mfn = allocateExtent(f, d, order, limit);
            if (mfn < 0) {
                break;
            }
            for (long j = 0; j < (1L << order); j++) {
                frames.setM2p(mfn + j, gpfn + j);
            }
            LittleEndian.putI64(word, 0, mfn);
            if (f.copyToGuest(list + 8 * i, word, 0, 8) != 0) {
                break;
            }
        }
        return i;
    }

    private long decrease(HypercallFrame f, Domain d, long list, long start, long nrExtents, int order) {
        long i;
        for (i = start; i < nrExtents; i++) {
            if (f.copyFromGuest(list + 8 * i, word, 0, 8) != 0) {
                break;
            }
            long gmfn = LittleEndian.getI64(word, 0);
            boolean ok = true;
            for (long j = 0; j < (1L << order) && ok; j++) {
                ok = removePage(f, d, gmfn + j) == 0;
            }
            if (!ok) {
                break;
            }
        }
        return i;
    }

    /** {@code guest_remove_page} for a PV domain: drops the allocation reference of a frame it owns. */
    private int removePage(HypercallFrame f, Domain d, long mfn) {
        if (!refs.isRam(mfn)) {
            return Errno.EINVAL.neg();
        }
        if (!refs.getPage(mfn, d.domid())) {
            return Errno.ENXIO.neg();
        }
        f.charge(COST_PER_FRAME_NS);
        frames.setM2p(mfn, XenAddressSpace.INVALID_M2P_ENTRY);
        refs.putAllocRef(mfn);
        refs.putPage(mfn);
        return 0;
    }

    private long reservationSize(HypercallFrame f, MemoryOp op, long startExtent, long arg) {
        if (startExtent != 0) {
            return Errno.EINVAL.neg();
        }
        if (f.copyFromGuest(arg, word, 0, 2) != 0) {
            return Errno.EFAULT.neg();
        }
        int domid = LittleEndian.getU16(word, 0);
        Domain d = domid == DomId.DOMID_SELF ? f.domain() : domains.get(domid);
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        int rc = DummyXsm.target(f.domain(), d.domid());
        if (rc != 0) {
            return rc;
        }
        return op == MemoryOp.XENMEM_current_reservation ? d.totPages() : d.maxPages();
    }
}
