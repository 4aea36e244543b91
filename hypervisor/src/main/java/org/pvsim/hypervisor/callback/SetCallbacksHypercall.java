package org.pvsim.hypervisor.callback;

import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;

/**
 * {@code set_callbacks(event_address, failsafe_address, syscall_address)} ({@code do_set_callbacks}, x86-64):
 * registers the three callbacks with no flags, one after the other, ignoring each one's result (a non-canonical
 * address leaves that callback unchanged), and returns 0.
 */
public final class SetCallbacksHypercall implements CoreHypercall {
    @Override
    public long invoke(HypercallFrame f, long event, long failsafe, long syscall, long a4, long a5) {
        GuestCallbacks.register(f.vcpu(), CallbackType.CALLBACKTYPE_event.code, 0, event);
        GuestCallbacks.register(f.vcpu(), CallbackType.CALLBACKTYPE_failsafe.code, 0, failsafe);
        GuestCallbacks.register(f.vcpu(), CallbackType.CALLBACKTYPE_syscall.code, 0, syscall);
        return 0;
    }
}
