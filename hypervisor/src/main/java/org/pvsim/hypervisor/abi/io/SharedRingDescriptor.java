package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * The shared page of every split-driver ring, the {@code struct NAME_sring} that {@code DEFINE_RING_TYPES} declares
 * ({@code xen/include/public/io/ring.h}): a 64-byte header with the four free-running indices, then an array of
 * slots, each a union of one request and one response. The number of slots is what fits in the rest of the page,
 * rounded down to a power of two ({@code __CONST_RING_SIZE}), so that a free-running unsigned 32-bit index masked
 * with {@code size - 1} names a slot.
 *
 * <p>{@code req_prod} and {@code rsp_event} are written by the front end only, {@code rsp_prod} and {@code req_event}
 * by the back end only; each end treats what the other writes as untrusted.
 */
public final class SharedRingDescriptor {
    /** Bytes of the shared page. */
    public static final int PAGE_SIZE = 4096;
    /** {@code RING_IDX req_prod}: requests the front end has published. */
    public static final int REQ_PROD_OFFSET = 0;
    /** {@code RING_IDX req_event}: the request index at which the back end wants a notification. */
    public static final int REQ_EVENT_OFFSET = 4;
    /** {@code RING_IDX rsp_prod}: responses the back end has published. */
    public static final int RSP_PROD_OFFSET = 8;
    /** {@code RING_IDX rsp_event}: the response index at which the front end wants a notification. */
    public static final int RSP_EVENT_OFFSET = 12;
    /** {@code uint8_t pvt[4]}, private to the driver (unused by pvsim's drivers). */
    public static final int PVT_OFFSET = 16;
    /** Bytes of the header ({@code offsetof(ring)}): the indices, {@code pvt} and {@code __pad[44]}. */
    public static final int HEADER_SIZE = 64;

    public static final StructLayout HEADER = StructLayout.builder("sring header")
            .field("req_prod", REQ_PROD_OFFSET, CType.UINT32)
            .field("req_event", REQ_EVENT_OFFSET, CType.UINT32)
            .field("rsp_prod", RSP_PROD_OFFSET, CType.UINT32)
            .field("rsp_event", RSP_EVENT_OFFSET, CType.UINT32)
            .field("pvt", PVT_OFFSET, CType.CHAR.array(4))
            .field("__pad", 20, CType.CHAR.array(44))
            .build(HEADER_SIZE);

    private SharedRingDescriptor() {}

    /**
     * {@code __CONST_RING_SIZE}: the slots of a one-page ring whose slot (the request/response union) is {@code
     * slotSize} bytes: {@code (PAGE_SIZE - HEADER_SIZE) / slotSize} rounded down to a power of two.
     *
     * @throws IllegalArgumentException if not even one slot fits
     */
    public static int ringSize(int slotSize) {
        if (slotSize <= 0 || slotSize > PAGE_SIZE - HEADER_SIZE) {
            throw new IllegalArgumentException("ring slot of " + slotSize + " bytes does not fit a page");
        }
        return Integer.highestOneBit((PAGE_SIZE - HEADER_SIZE) / slotSize);
    }
}
