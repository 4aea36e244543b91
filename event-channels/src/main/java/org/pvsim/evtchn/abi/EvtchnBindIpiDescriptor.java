package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_bind_ipi} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_bind_ipi}: a new port for inter-processor interrupts to one of the caller's vCPUs.
 */
public final class EvtchnBindIpiDescriptor {
    /** {@code uint32_t vcpu} (IN): the vCPU the port notifies, for good. */
    public static final int VCPU_OFFSET = 0;
    /** {@code evtchn_port_t port} (OUT). */
    public static final int PORT_OFFSET = 4;
    /** {@code sizeof(struct evtchn_bind_ipi)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_bind_ipi")
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("port", PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnBindIpiDescriptor() {}
}
