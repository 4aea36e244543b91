package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_reset} ({@code xen/include/public/event_channel.h}): the argument of {@code EVTCHNOP_reset}: closes every port of {@code dom} and returns it to the 2-level ABI.
 */
public final class EvtchnResetDescriptor {
    /** {@code domid_t dom} (IN). */
    public static final int DOM_OFFSET = 0;
    /** {@code sizeof(struct evtchn_reset)}. */
    public static final int SIZE = 2;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_reset")
            .field("dom", DOM_OFFSET, CType.DOMID)
            .build(SIZE);

    private EvtchnResetDescriptor() {}
}
