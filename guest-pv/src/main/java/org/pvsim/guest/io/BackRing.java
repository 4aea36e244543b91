package org.pvsim.guest.io;

import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.SharedRingDescriptor;

/**
 * The back end's half of a split-driver ring, {@code struct NAME_back_ring} of {@code io/ring.h}: its private request
 * consumer ({@code req_cons}) and response producer ({@code rsp_prod_pvt}) over a page the front end shares.
 *
 * <p>The front end is untrusted. Its {@code req_prod} is read once per check and sanitised: if it claims more
 * requests than the ring holds beyond the responses produced ({@code RING_REQUEST_PROD_OVERFLOW}: {@code req_prod -
 * rsp_prod_pvt > size}, unsigned), {@link #unconsumedRequests} answers {@link #CORRUPT} and the driver disconnects the
 * device. Each request is copied out of its slot once ({@link #copyRequest}, {@code RING_COPY_REQUEST}) and only the
 * copy is used, so a front end rewriting a slot after the check cannot make the back end act on two versions.
 *
 * <p>Invariants: {@code req_cons} never passes the last sanitised {@code req_prod}; {@code rsp_prod_pvt} never passes
 * {@code req_cons} (a response answers a consumed request). Allocates nothing.
 */
public final class BackRing {
    /** {@link #unconsumedRequests} when the front end's {@code req_prod} is impossible. */
    public static final int CORRUPT = -1;

    private final RingLayout layout;
    private long sringVa = -1;
    private int reqCons;
    private int rspProdPvt;
    private int reqProdSeen;

    /** A back ring of type {@code layout}, not yet attached. */
    public BackRing(RingLayout layout) {
        this.layout = layout;
    }

    /** {@code BACK_RING_INIT}: serves the shared ring mapped at {@code sringVa}, from index 0. */
    public void attach(long sringVa) {
        this.sringVa = sringVa;
        reqCons = 0;
        rspProdPvt = 0;
        reqProdSeen = 0;
    }

    /** The shared page's address, or -1 before {@link #attach}. */
    public long sringVa() {
        return sringVa;
    }

    /** The ring type. */
    public RingLayout layout() {
        return layout;
    }

    /**
     * {@code RING_HAS_UNCONSUMED_REQUESTS}, sanitised: requests published and not consumed, at most the free slots
     * ({@code size - (req_cons - rsp_prod_pvt)}); {@link #CORRUPT} if {@code req_prod} overflows the ring.
     */
    public int unconsumedRequests(GuestCpu cpu) {
        int reqProd = cpu.read32(sringVa + SharedRingDescriptor.REQ_PROD_OFFSET);
        if (Integer.compareUnsigned(reqProd - rspProdPvt, layout.size()) > 0
                || Integer.compareUnsigned(reqProd - reqCons, layout.size()) > 0) {
            return CORRUPT;
        }
        reqProdSeen = reqProd;
        return reqProd - reqCons;
    }

    /**
     * {@code RING_COPY_REQUEST} of the request at {@code req_cons} into {@code dst[0, requestSize)}, then {@code
     * req_cons++}.
     *
     * @throws IllegalStateException if no request was seen there by {@link #unconsumedRequests}: a driver bug
     */
    public void copyRequest(GuestCpu cpu, byte[] dst) {
        if (reqCons == reqProdSeen) {
            throw new IllegalStateException(layout.name() + ": request copied beyond req_prod");
        }
        cpu.read(layout.slotVa(sringVa, reqCons), dst, 0, layout.requestSize());
        reqCons++;
    }

    /** The slot the next response goes into ({@code rsp_prod_pvt}). Write it, then {@link #produceResponse}. */
    public long responseVa() {
        return layout.slotVa(sringVa, rspProdPvt);
    }

    /**
     * {@code rsp_prod_pvt++}: the response written at {@link #responseVa()} is produced (not yet visible).
     *
     * @throws IllegalStateException if it would answer more requests than were consumed: a driver bug
     */
    public void produceResponse() {
        if (rspProdPvt == reqCons) {
            throw new IllegalStateException(layout.name() + ": response produced with no request consumed");
        }
        rspProdPvt++;
    }

    /**
     * {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY}: publishes the produced responses ({@code rsp_prod}) and says
     * whether the front end's {@code rsp_event} falls in the newly published range, so that it must be notified.
     */
    public boolean pushResponsesAndCheckNotify(GuestCpu cpu) {
        int old = cpu.read32(sringVa + SharedRingDescriptor.RSP_PROD_OFFSET);
        int now = rspProdPvt;
        cpu.write32(sringVa + SharedRingDescriptor.RSP_PROD_OFFSET, now);
        int event = cpu.read32(sringVa + SharedRingDescriptor.RSP_EVENT_OFFSET);
        return Integer.compareUnsigned(now - event, now - old) < 0;
    }

    /**
     * {@code RING_FINAL_CHECK_FOR_REQUESTS}: true if requests are waiting (or the ring is {@link #CORRUPT}: look
     * again and disconnect); otherwise sets {@code req_event = req_cons + 1} so the front end notifies the next
     * request, and checks once more, closing the window in which a request published meanwhile would be missed.
     */
    public boolean finalCheckForRequests(GuestCpu cpu) {
        if (unconsumedRequests(cpu) != 0) {
            return true;
        }
        cpu.write32(sringVa + SharedRingDescriptor.REQ_EVENT_OFFSET, reqCons + 1);
        return unconsumedRequests(cpu) != 0;
    }

    /** {@code req_cons}. */
    public int reqCons() {
        return reqCons;
    }

    /** {@code rsp_prod_pvt}. */
    public int rspProdPvt() {
        return rspProdPvt;
    }

    /** Requests consumed and not yet answered. */
    public int inFlight() {
        return reqCons - rspProdPvt;
    }
}
