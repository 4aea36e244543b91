package org.pvsim.hypervisor.callback;

import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.VgcfFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Vcpu;

/**
 * {@code register_guest_callback} and {@code unregister_guest_callback} ({@code xen/arch/x86/pv/callback.c}) for a
 * 64-bit PV vCPU: each callback is a canonical guest address ({@code -EINVAL} otherwise); the failsafe and syscall
 * callbacks also record whether entering them masks events ({@code CALLBACKF_mask_events}); an unknown type is
 * {@code -ENOSYS}. Only the NMI callback can be unregistered; the others answer {@code -EINVAL}.
 */
public final class GuestCallbacks {
    private GuestCallbacks() {}

    /** {@code register_guest_callback} on {@code v}: 0 or a negative errno; nothing changes on an error. */
    public static int register(Vcpu v, int type, int flags, long address) {
        if (!X86Paging.isCanonical(address)) {
            return Errno.EINVAL.neg();
        }
        CallbackType t = CallbackType.ofCode(type);
        if (t == null) {
            return Errno.ENOSYS.neg();
        }
        boolean mask = (flags & CallbackType.CALLBACKF_mask_events) != 0;
        switch (t) {
            case CALLBACKTYPE_event:
                v.eventCallbackEip = address;
                return 0;
            case CALLBACKTYPE_failsafe:
                v.failsafeCallbackEip = address;
                v.vgcFlags = setOrClear(v.vgcFlags, VgcfFlags.VGCF_failsafe_disables_events, mask);
                return 0;
            case CALLBACKTYPE_syscall:
                v.syscallCallbackEip = address;
                v.vgcFlags = setOrClear(v.vgcFlags, VgcfFlags.VGCF_syscall_disables_events, mask);
                return 0;
            case CALLBACKTYPE_syscall32:
                v.syscall32CallbackEip = address;
                v.compatCallbackFlags = setOrClear(v.compatCallbackFlags, 1, mask);
                return 0;
            case CALLBACKTYPE_sysenter:
                v.sysenterCallbackEip = address;
                v.compatCallbackFlags = setOrClear(v.compatCallbackFlags, 2, mask);
                return 0;
            case CALLBACKTYPE_nmi:
                // register_guest_nmi_callback: a 64-bit guest may register any canonical address on any vCPU
                v.nmiCallbackEip = address;
                return 0;
            default:
                // CALLBACKTYPE_sysenter_deprecated (3) is not handled by Xen's register_guest_callback
                return Errno.ENOSYS.neg();
        }
    }

    /** {@code unregister_guest_callback}: only the NMI callback may be removed. */
    public static int unregister(Vcpu v, int type) {
        CallbackType t = CallbackType.ofCode(type);
        if (t == null || t == CallbackType.CALLBACKTYPE_sysenter_deprecated) {
            return Errno.ENOSYS.neg();
        }
        if (t == CallbackType.CALLBACKTYPE_nmi) {
            v.nmiCallbackEip = 0;
            return 0;
        }
        return Errno.EINVAL.neg();
    }

    private static int setOrClear(int flags, int bit, boolean on) {
        return on ? flags | bit : flags & ~bit;
    }
}
