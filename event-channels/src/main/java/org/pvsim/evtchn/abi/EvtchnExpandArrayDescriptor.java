package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_expand_array} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_expand_array}: adds guest frame {@code array_gfn} as the next page of FIFO event words.
 */
public final class EvtchnExpandArrayDescriptor {
    /** {@code uint64_t array_gfn} (IN). */
    public static final int ARRAY_GFN_OFFSET = 0;
    /** {@code sizeof(struct evtchn_expand_array)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_expand_array")
            .field("array_gfn", ARRAY_GFN_OFFSET, CType.UINT64)
            .build(SIZE);

    private EvtchnExpandArrayDescriptor() {}
}
