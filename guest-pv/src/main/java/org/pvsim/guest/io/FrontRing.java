package org.pvsim.guest.io;

import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.SharedRingDescriptor;

/**
 * The front end's half of a split-driver ring, {@code struct NAME_front_ring} of {@code io/ring.h}: its private
 * request producer ({@code req_prod_pvt}) and response consumer ({@code rsp_cons}) over a shared page it initialised.
 * Requests are written into their slots, then published together ({@link #pushRequestsAndCheckNotify}); responses
 * are read from their slots, then consumed.
 *
 * <p>Invariants: at most {@link RingLayout#size()} requests are outstanding ({@code req_prod_pvt - rsp_cons <= size},
 * {@link #isFull()}); {@code rsp_cons} never passes what the back end published, and never passes {@code
 * req_prod_pvt}: a back end publishing more responses than there were requests is reported as {@link #CORRUPT} and
 * nothing is consumed. All index arithmetic is unsigned 32-bit and wraps. Allocates nothing.
 */
public final class FrontRing {
    /** {@link #unconsumedResponses} when the back end's {@code rsp_prod} is impossible. */
    public static final int CORRUPT = -1;

    private final RingLayout layout;
    private long sringVa = -1;
    private int reqProdPvt;
    private int rspCons;

    /** A front ring of type {@code layout}, not yet on a page. */
    public FrontRing(RingLayout layout) {
        this.layout = layout;
    }

    /**
     * {@code SHARED_RING_INIT} then {@code FRONT_RING_INIT}: makes the page at {@code sringVa} a fresh ring (both
     * producers 0, both event indices 1, the rest of the header zero) and starts this end's indices at 0.
     */
    public void init(GuestCpu cpu, long sringVa) {
        this.sringVa = sringVa;
        cpu.write32(sringVa + SharedRingDescriptor.REQ_PROD_OFFSET, 0);
        cpu.write32(sringVa + SharedRingDescriptor.RSP_PROD_OFFSET, 0);
        cpu.write32(sringVa + SharedRingDescriptor.REQ_EVENT_OFFSET, 1);
        cpu.write32(sringVa + SharedRingDescriptor.RSP_EVENT_OFFSET, 1);
        for (int off = SharedRingDescriptor.PVT_OFFSET; off < SharedRingDescriptor.HEADER_SIZE; off += 8) {
            cpu.write64(sringVa + off, 0);
        }
        reqProdPvt = 0;
        rspCons = 0;
    }

    /** The shared page's address, or -1 before {@link #init}. */
    public long sringVa() {
        return sringVa;
    }

    /** The ring type. */
    public RingLayout layout() {
        return layout;
    }

    /** {@code RING_FULL}: no slot is free for another request until responses are consumed. */
    public boolean isFull() {
        return freeRequests() == 0;
    }

    /** {@code RING_FREE_REQUESTS}: requests that may still be produced. */
    public int freeRequests() {
        return layout.size() - (reqProdPvt - rspCons);
    }

    /**
     * {@code RING_GET_REQUEST(req_prod_pvt)}: the slot the next request goes into. Write it, then {@link
     * #produceRequest}; check {@link #isFull()} first.
     */
    public long requestVa() {
        return layout.slotVa(sringVa, reqProdPvt);
    }

    /**
     * {@code req_prod_pvt++}: the request written at {@link #requestVa()} is produced (not yet visible to the back end).
     *
     * @throws IllegalStateException if the ring is full: a driver bug, never the other end's doing
     */
    public void produceRequest() {
        if (isFull()) {
            throw new IllegalStateException(layout.name() + ": request produced on a full ring");
        }
        reqProdPvt++;
    }

    /**
     * {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY}: publishes every produced request ({@code req_prod = req_prod_pvt},
     * after the requests' bytes) and says whether the back end asked to be notified of one of them: its {@code
     * req_event} falls in the newly published range {@code (old, new]}.
     */
    public boolean pushRequestsAndCheckNotify(GuestCpu cpu) {
        int old = cpu.read32(sringVa + SharedRingDescriptor.REQ_PROD_OFFSET);
        int now = reqProdPvt;
        cpu.write32(sringVa + SharedRingDescriptor.REQ_PROD_OFFSET, now);
        int event = cpu.read32(sringVa + SharedRingDescriptor.REQ_EVENT_OFFSET);
        return Integer.compareUnsigned(now - event, now - old) < 0;
    }

    /**
     * {@code RING_HAS_UNCONSUMED_RESPONSES}: responses published and not consumed; {@link #CORRUPT} if the back end's
     * {@code rsp_prod} claims more responses than requests were produced (Linux's "illegal number of responses").
     */
    public int unconsumedResponses(GuestCpu cpu) {
        int rspProd = cpu.read32(sringVa + SharedRingDescriptor.RSP_PROD_OFFSET);
        int n = rspProd - rspCons;
        if (Integer.compareUnsigned(n, reqProdPvt - rspCons) > 0) {
            return CORRUPT;
        }
        return n;
    }

    /** {@code RING_GET_RESPONSE(rsp_cons)}: the slot of the next response. Copy it out, then {@link #consumeResponse}. */
    public long responseVa() {
        return layout.slotVa(sringVa, rspCons);
    }

    /** {@code rsp_cons++}. */
    public void consumeResponse() {
        rspCons++;
    }

    /**
     * {@code RING_FINAL_CHECK_FOR_RESPONSES}: true if responses are waiting (or the ring is {@link #CORRUPT}: look
     * again); otherwise sets {@code rsp_event = rsp_cons + 1}, so the back end notifies the next response, and checks
     * once more, closing the window in which a response published meanwhile would go unnoticed.
     */
    public boolean finalCheckForResponses(GuestCpu cpu) {
        if (unconsumedResponses(cpu) != 0) {
            return true;
        }
        cpu.write32(sringVa + SharedRingDescriptor.RSP_EVENT_OFFSET, rspCons + 1);
        return unconsumedResponses(cpu) != 0;
    }

    /** {@code req_prod_pvt}. */
    public int reqProdPvt() {
        return reqProdPvt;
    }

    /** {@code rsp_cons}. */
    public int rspCons() {
        return rspCons;
    }

    /** Requests produced and not yet answered: {@code req_prod_pvt - rsp_cons}. */
    public int outstanding() {
        return reqProdPvt - rspCons;
    }
}
