package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_set_priority} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_set_priority}: a FIFO port's priority, 0 (highest) to 15.
 */
public final class EvtchnSetPriorityDescriptor {
    /** {@code evtchn_port_t port} (IN). */
    public static final int PORT_OFFSET = 0;
    /** {@code uint32_t priority} (IN). */
    public static final int PRIORITY_OFFSET = 4;
    /** {@code sizeof(struct evtchn_set_priority)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_set_priority")
            .field("port", PORT_OFFSET, CType.UINT32)
            .field("priority", PRIORITY_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnSetPriorityDescriptor() {}
}
