package org.pvsim.hypervisor.callback;

import org.pvsim.hypervisor.abi.CallbackOp;
import org.pvsim.hypervisor.abi.CallbackRegisterDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;

/**
 * {@code callback_op} ({@code do_callback_op}): {@code CALLBACKOP_register} reads a {@code struct
 * callback_register} ({@code -EFAULT} if it cannot) and registers it on the calling vCPU; {@code
 * CALLBACKOP_unregister} reads a {@code struct callback_unregister}. Any other command is {@code -ENOSYS}.
 */
public final class CallbackOpHypercall implements CoreHypercall {
    private final byte[] buf = new byte[CallbackRegisterDescriptor.SIZE];

    @Override
    public long invoke(HypercallFrame f, long cmd, long arg, long a3, long a4, long a5) {
        CallbackOp op = CallbackOp.ofCode((int) cmd);
        if (op == null) {
            return Errno.ENOSYS.neg();
        }
        if (op == CallbackOp.CALLBACKOP_register) {
            if (f.copyFromGuest(arg, buf, 0, CallbackRegisterDescriptor.SIZE) != 0) {
                return Errno.EFAULT.neg();
            }
            return GuestCallbacks.register(
                    f.vcpu(),
                    LittleEndian.getU16(buf, CallbackRegisterDescriptor.TYPE_OFFSET),
                    LittleEndian.getU16(buf, CallbackRegisterDescriptor.FLAGS_OFFSET),
                    LittleEndian.getI64(buf, CallbackRegisterDescriptor.ADDRESS_OFFSET));
        }
        if (f.copyFromGuest(arg, buf, 0, CallbackRegisterDescriptor.UNREGISTER_SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        return GuestCallbacks.unregister(f.vcpu(), LittleEndian.getU16(buf, CallbackRegisterDescriptor.TYPE_OFFSET));
    }
}
