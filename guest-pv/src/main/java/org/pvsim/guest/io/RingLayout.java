package org.pvsim.guest.io;

import org.pvsim.hypervisor.abi.io.SharedRingDescriptor;

/**
 * One ring type, what {@code DEFINE_RING_TYPES(name, request, response)} declares in {@code io/ring.h}: the request
 * and response sizes, the slot size (their union) and the number of slots of a one-page shared ring ({@link
 * SharedRingDescriptor#ringSize}). Immutable; shared by both ends and every ring of the type.
 */
public final class RingLayout {
    private final String name;
    private final int requestSize;
    private final int responseSize;
    private final int slotSize;
    private final int size;

    /**
     * The ring type {@code name} carrying {@code requestSize}-byte requests and {@code responseSize}-byte responses.
     *
     * @throws IllegalArgumentException if a slot does not fit a page
     */
    public RingLayout(String name, int requestSize, int responseSize) {
        if (requestSize <= 0 || responseSize <= 0) {
            throw new IllegalArgumentException(name + ": request and response sizes must be positive");
        }
        this.name = name;
        this.requestSize = requestSize;
        this.responseSize = responseSize;
        this.slotSize = Math.max(requestSize, responseSize);
        this.size = SharedRingDescriptor.ringSize(slotSize);
    }

    /** The ring type's name ({@code blkif}, {@code netif_tx}, ...). */
    public String name() {
        return name;
    }

    /** {@code RING_SIZE}: the number of slots, a power of two. */
    public int size() {
        return size;
    }

    /** Bytes of a slot: the larger of a request and a response. */
    public int slotSize() {
        return slotSize;
    }

    /** Bytes of a request. */
    public int requestSize() {
        return requestSize;
    }

    /** Bytes of a response. */
    public int responseSize() {
        return responseSize;
    }

    /** The address of the slot free-running index {@code idx} names, in a shared ring mapped at {@code sringVa}. */
    public long slotVa(long sringVa, int idx) {
        return sringVa + SharedRingDescriptor.HEADER_SIZE + (long) (idx & (size - 1)) * slotSize;
    }

    @Override
    public String toString() {
        return name + " ring (" + size + " slots of " + slotSize + " bytes)";
    }
}
