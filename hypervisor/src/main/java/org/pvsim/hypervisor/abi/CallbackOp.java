package org.pvsim.hypervisor.abi;

/** {@code callback_op} commands ({@code CALLBACKOP_*}, {@code xen/include/public/callback.h}). */
public enum CallbackOp {
    /** Registers a callback: {@code struct callback_register}. */
    CALLBACKOP_register(0),
    /** Unregisters one: {@code struct callback_unregister}; only the NMI callback may be ({@code -EINVAL} else). */
    CALLBACKOP_unregister(1);

    /** The numeric value Xen uses. */
    public final int code;

    CallbackOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static CallbackOp ofCode(long code) {
        return code == 0 ? CALLBACKOP_register : code == 1 ? CALLBACKOP_unregister : null;
    }
}
