package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_bind_virq} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_bind_virq}: binds a virtual IRQ to a new port on a vCPU (vCPU 0 for a global or per-domain VIRQ).
 */
public final class EvtchnBindVirqDescriptor {
    /** {@code uint32_t virq} (IN): a {@code VIRQ_*} number. */
    public static final int VIRQ_OFFSET = 0;
    /** {@code uint32_t vcpu} (IN). */
    public static final int VCPU_OFFSET = 4;
    /** {@code evtchn_port_t port} (OUT). */
    public static final int PORT_OFFSET = 8;
    /** {@code sizeof(struct evtchn_bind_virq)}. */
    public static final int SIZE = 12;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_bind_virq")
            .field("virq", VIRQ_OFFSET, CType.UINT32)
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("port", PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnBindVirqDescriptor() {}
}
