package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_init_control} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_init_control}: registers a vCPU's FIFO control block at {@code offset} in guest frame {@code control_gfn}, switching the domain to the FIFO ABI.
 */
public final class EvtchnInitControlDescriptor {
    /** {@code uint64_t control_gfn} (IN). */
    public static final int CONTROL_GFN_OFFSET = 0;
    /** {@code uint32_t offset} (IN): 8-byte aligned; the block must not cross the page. */
    public static final int OFFSET_OFFSET = 8;
    /** {@code uint32_t vcpu} (IN). */
    public static final int VCPU_OFFSET = 12;
    /** {@code uint8_t link_bits} (OUT): {@code EVTCHN_FIFO_LINK_BITS}. */
    public static final int LINK_BITS_OFFSET = 16;
    /** {@code sizeof(struct evtchn_init_control)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_init_control")
            .field("control_gfn", CONTROL_GFN_OFFSET, CType.UINT64)
            .field("offset", OFFSET_OFFSET, CType.UINT32)
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("link_bits", LINK_BITS_OFFSET, CType.UINT8)
            .build(SIZE);

    private EvtchnInitControlDescriptor() {}
}
