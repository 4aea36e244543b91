package org.pvsim.evtchn.abi;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct evtchn_op} ({@code xen/include/public/event_channel.h}): the argument of the old hypercall {@code event_channel_op_compat} (16): a command and, in the union {@code u}, the command's structure.
 */
public final class EvtchnOpCompatDescriptor {
    /** {@code uint32_t cmd}: an {@link EvtchnOp} code. */
    public static final int CMD_OFFSET = 0;
    /** The union {@code u}: the command's structure starts here (its first word shown). */
    public static final int U_OFFSET = 4;
    /** {@code sizeof(struct evtchn_op)}. */
    public static final int SIZE = 28;

    public static final StructLayout LAYOUT = StructLayout.builder("evtchn_op")
            .field("cmd", CMD_OFFSET, CType.UINT32)
            .field("u", U_OFFSET, CType.UINT32)
            .build(SIZE);

    private EvtchnOpCompatDescriptor() {}
}
