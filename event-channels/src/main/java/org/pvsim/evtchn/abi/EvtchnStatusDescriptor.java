package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_status} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_status}: the state of a port ({@link EvtchnStat}), its notify vCPU, and the union {@code u} for the state's details.
 */
public final class EvtchnStatusDescriptor {
    /** {@code domid_t dom} (IN): whose port; another domain's needs privilege. */
    public static final int DOM_OFFSET = 0;
    /** {@code evtchn_port_t port} (IN). */
    public static final int PORT_OFFSET = 4;
    /** {@code uint32_t status} (OUT): an {@code EVTCHNSTAT_*}. */
    public static final int STATUS_OFFSET = 8;
    /** {@code uint32_t vcpu} (OUT): the notify vCPU. */
    public static final int VCPU_OFFSET = 12;
    /** {@code domid_t u.unbound.dom} and {@code u.interdomain.dom} (OUT): the remote domain. */
    public static final int U_DOM_OFFSET = 16;
    /** {@code evtchn_port_t u.interdomain.port} (OUT): the remote port. */
    public static final int U_PORT_OFFSET = 20;
    /** {@code uint32_t u.pirq} and {@code u.virq} (OUT): the same bytes as {@link #U_DOM_OFFSET}. */
    public static final int U_IRQ_OFFSET = 16;
    /** {@code sizeof(struct evtchn_status)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_status")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .field("port", PORT_OFFSET, CType.UINT32)
            .field("status", STATUS_OFFSET, CType.UINT32)
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("u.interdomain.dom", U_DOM_OFFSET, CType.DOMID)
            .field("u.interdomain.port", U_PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnStatusDescriptor() {}
}
