package org.pvsim.evtchn.op;

import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnOpCompatDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.HypercallContext;
import org.pvsim.hypervisor.spi.HypercallHandler;

/**
 * Hypercall {@code event_channel_op_compat} (16): {@code do_event_channel_op_compat} ({@code xen/arch/x86/compat.c}),
 * the pre-3.2 form whose one argument is a {@code struct evtchn_op}: the command at offset 0 and its structure in the
 * union at offset 4. The whole 28-byte structure is read first ({@code -EFAULT}); only commands 0 to 9 are served
 * this way (by {@link EventChannelOp} on the union), any other is {@code -ENOSYS}.
 */
public final class EventChannelOpCompat implements HypercallHandler {
    private final EventChannelOp op;
    private final byte[] header = new byte[EvtchnOpCompatDescriptor.SIZE];

    /** The compat entry, serving commands with {@code op}. */
    public EventChannelOpCompat(EventChannelOp op) {
        this.op = op;
    }

    @Override
    public long invoke(HypercallContext ctx, long a1, long a2, long a3, long a4, long a5) {
        if (ctx.copyFromGuest(a1, header, 0, EvtchnOpCompatDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        int cmd = LittleEndian.getI32(header, EvtchnOpCompatDescriptor.CMD_OFFSET);
        if (cmd < EvtchnOp.EVTCHNOP_bind_interdomain.code || cmd > EvtchnOp.EVTCHNOP_unmask.code) {
            return Errno.ENOSYS.neg();
        }
        return op.op(ctx, cmd, a1 + EvtchnOpCompatDescriptor.U_OFFSET);
    }
}
