package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_close} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_close}, and, with the same single field, of {@code EVTCHNOP_send} ({@code struct evtchn_send}) and {@code EVTCHNOP_unmask} ({@code struct evtchn_unmask}): one port of the caller.
 */
public final class EvtchnPortArgDescriptor {
    /** {@code evtchn_port_t port} (IN). */
    public static final int PORT_OFFSET = 0;
    /** {@code sizeof(struct evtchn_close)}. */
    public static final int SIZE = 4;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_close")
            .field("port", PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnPortArgDescriptor() {}
}
