package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_bind_pirq} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_bind_pirq}: binds a physical IRQ the caller may use to a new port. Flag {@link #BIND_PIRQ__WILL_SHARE}: the caller accepts sharing the line.
 */
public final class EvtchnBindPirqDescriptor {
    /** {@code uint32_t pirq} (IN). */
    public static final int PIRQ_OFFSET = 0;
    /** {@code uint32_t flags} (IN): {@code BIND_PIRQ__*}. */
    public static final int FLAGS_OFFSET = 4;
    /** {@code evtchn_port_t port} (OUT). */
    public static final int PORT_OFFSET = 8;
    /** {@code BIND_PIRQ__WILL_SHARE}: the caller accepts sharing the IRQ line with other domains. */
    public static final int BIND_PIRQ__WILL_SHARE = 1;
    /** {@code sizeof(struct evtchn_bind_pirq)}. */
    public static final int SIZE = 12;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_bind_pirq")
            .field("pirq", PIRQ_OFFSET, CType.UINT32)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .field("port", PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnBindPirqDescriptor() {}
}
