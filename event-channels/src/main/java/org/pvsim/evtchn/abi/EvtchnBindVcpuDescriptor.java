package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_bind_vcpu} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_bind_vcpu}: changes the vCPU a port notifies.
 */
public final class EvtchnBindVcpuDescriptor {
    /** {@code evtchn_port_t port} (IN). */
    public static final int PORT_OFFSET = 0;
    /** {@code uint32_t vcpu} (IN). */
    public static final int VCPU_OFFSET = 4;
    /** {@code sizeof(struct evtchn_bind_vcpu)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_bind_vcpu")
            .field("port", PORT_OFFSET, CType.UINT32)
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnBindVcpuDescriptor() {}
}
