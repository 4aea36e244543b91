package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_bind_interdomain} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_bind_interdomain}: connects a new local port to an unbound port that {@code remote_dom} offered to the caller.
 */
public final class EvtchnBindInterdomainDescriptor {
    /** {@code domid_t remote_dom} (IN). */
    public static final int REMOTE_DOM_OFFSET = 0;
    /** {@code evtchn_port_t remote_port} (IN): an unbound port of {@code remote_dom} offered to the caller. */
    public static final int REMOTE_PORT_OFFSET = 4;
    /** {@code evtchn_port_t local_port} (OUT). */
    public static final int LOCAL_PORT_OFFSET = 8;
    /** {@code sizeof(struct evtchn_bind_interdomain)}. */
    public static final int SIZE = 12;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_bind_interdomain")
            .field("remote_dom", REMOTE_DOM_OFFSET, CType.DOMID)
            .field("remote_port", REMOTE_PORT_OFFSET, CType.UINT32)
            .field("local_port", LOCAL_PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnBindInterdomainDescriptor() {}
}
