package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.ArrayIndex;
import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_fifo_control_block} ({@code xen/include/public/event_channel.h}): one vCPU's FIFO control
 * block, in a guest page registered with {@code EVTCHNOP_init_control}. Bit {@code q} of {@code ready} says queue
 * {@code q} has events; {@code head[q]} is the first port of queue {@code q} that the guest has not consumed.
 */
public final class EvtchnFifoControlBlockDescriptor {
    /** {@code uint32_t ready}: one bit per priority queue. */
    public static final int READY_OFFSET = 0;
    /** {@code uint32_t _rsvd}. */
    public static final int RSVD_OFFSET = 4;
    /** {@code uint32_t head[EVTCHN_FIFO_MAX_QUEUES]}. */
    public static final int HEAD_OFFSET = 8;
    /** {@code sizeof(struct evtchn_fifo_control_block)}. */
    public static final int SIZE = HEAD_OFFSET + 4 * EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_fifo_control_block")
            .field("ready", READY_OFFSET, CType.UINT32)
            .field("_rsvd", RSVD_OFFSET, CType.UINT32)
            .field("head", HEAD_OFFSET, CType.UINT32.array(EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES))
            .build(SIZE);

    private EvtchnFifoControlBlockDescriptor() {}

    /**
     * The offset of {@code head[queue]}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= queue < EVTCHN_FIFO_MAX_QUEUES}
     */
    public static int headOffset(int queue) {
        return HEAD_OFFSET
                + 4
                        * ArrayIndex.check(
                                "evtchn_fifo_control_block.head",
                                queue,
                                EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES,
                                "EVTCHN_FIFO_MAX_QUEUES");
    }
}
