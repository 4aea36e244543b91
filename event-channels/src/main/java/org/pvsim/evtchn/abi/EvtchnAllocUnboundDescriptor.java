package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_alloc_unbound} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_alloc_unbound}: allocates a port of {@code dom} (or {@code DOMID_SELF}) that {@code remote_dom} may later bind with {@code EVTCHNOP_bind_interdomain}.
 */
public final class EvtchnAllocUnboundDescriptor {
    /** {@code domid_t dom} (IN): the domain that gets the port; an unprivileged caller must name itself. */
    public static final int DOM_OFFSET = 0;
    /** {@code domid_t remote_dom} (IN): the only domain allowed to bind to it ({@code DOMID_SELF}: the caller). */
    public static final int REMOTE_DOM_OFFSET = 2;
    /** {@code evtchn_port_t port} (OUT): the new port. */
    public static final int PORT_OFFSET = 4;
    /** {@code sizeof(struct evtchn_alloc_unbound)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_alloc_unbound")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("remote_dom", REMOTE_DOM_OFFSET, CType.DOMID)
            .field("port", PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnAllocUnboundDescriptor() {}
}
