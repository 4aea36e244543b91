package org.pvsim.hypervisor.abi;

/**
 * {@code CALLBACKTYPE_*} ({@code xen/include/public/callback.h}): the guest entry points a PV kernel registers with
 * {@code callback_op} or {@code set_callbacks}. Xen enters the {@link #CALLBACKTYPE_event} callback to deliver an
 * event upcall, with {@code evtchn_upcall_mask} set.
 */
public enum CallbackType {
    CALLBACKTYPE_event(0),
    CALLBACKTYPE_failsafe(1),
    CALLBACKTYPE_syscall(2),
    CALLBACKTYPE_sysenter_deprecated(3),
    CALLBACKTYPE_nmi(4),
    CALLBACKTYPE_sysenter(5),
    CALLBACKTYPE_syscall32(7);

    private static final CallbackType[] BY_CODE = new CallbackType[7 + 1];

    static {
        for (CallbackType c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** {@code CALLBACKF_mask_events}: entering the callback masks events (failsafe, syscall, syscall32, sysenter). */
    public static final int CALLBACKF_mask_events = 1;

    /** The numeric value Xen uses. */
    public final int code;

    CallbackType(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static CallbackType ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
