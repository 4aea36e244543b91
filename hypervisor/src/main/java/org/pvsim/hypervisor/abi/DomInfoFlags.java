package org.pvsim.hypervisor.abi;

/**
 * The {@code flags} field of {@code struct xen_domctl_getdomaininfo} ({@code XEN_DOMINF_*}, {@code
 * xen/include/public/domctl.h}), each with its bit number under Xen's {@code _XEN_DOMINF_} name. Bits 16-23 hold the
 * guest's shutdown code ({@link ShutdownReason}) while {@link #XEN_DOMINF_shutdown} is set.
 */
public final class DomInfoFlags {
    public static final int _XEN_DOMINF_dying = 0;
    /** The domain is being destroyed. */
    public static final int XEN_DOMINF_dying = 1 << _XEN_DOMINF_dying;

    public static final int _XEN_DOMINF_hvm_guest = 1;
    /** An HVM guest rather than PV. */
    public static final int XEN_DOMINF_hvm_guest = 1 << _XEN_DOMINF_hvm_guest;

    public static final int _XEN_DOMINF_shutdown = 2;
    /** The guest has shut down; the code is in bits 16-23. */
    public static final int XEN_DOMINF_shutdown = 1 << _XEN_DOMINF_shutdown;

    public static final int _XEN_DOMINF_paused = 3;
    /** Paused by the toolstack. */
    public static final int XEN_DOMINF_paused = 1 << _XEN_DOMINF_paused;

    public static final int _XEN_DOMINF_blocked = 4;
    /** Every vCPU is blocked waiting for an event. */
    public static final int XEN_DOMINF_blocked = 1 << _XEN_DOMINF_blocked;

    public static final int _XEN_DOMINF_running = 5;
    /** A vCPU is running on a physical CPU. */
    public static final int XEN_DOMINF_running = 1 << _XEN_DOMINF_running;

    public static final int _XEN_DOMINF_debugged = 6;
    /** Being debugged. */
    public static final int XEN_DOMINF_debugged = 1 << _XEN_DOMINF_debugged;

    public static final int _XEN_DOMINF_xs_domain = 7;
    /** The xenstore domain. */
    public static final int XEN_DOMINF_xs_domain = 1 << _XEN_DOMINF_xs_domain;

    public static final int _XEN_DOMINF_hap = 8;
    /** Uses hardware-assisted paging. */
    public static final int XEN_DOMINF_hap = 1 << _XEN_DOMINF_hap;

    /** {@code XEN_DOMINF_shutdownmask}: the shutdown code's mask, after shifting. */
    public static final int XEN_DOMINF_shutdownmask = 255;
    /** {@code XEN_DOMINF_shutdownshift}: where the shutdown code starts. */
    public static final int XEN_DOMINF_shutdownshift = 16;

    private DomInfoFlags() {}

    /** The shutdown code in a {@code flags} value. */
    public static int shutdownCode(int flags) {
        return (flags >>> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    }

    /**
     * {@code flags} with its shutdown-code field replaced by {@code code}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= code <= XEN_DOMINF_shutdownmask}
     */
    public static int withShutdownCode(int flags, int code) {
        if (code < 0 || code > XEN_DOMINF_shutdownmask) {
            throw new IllegalArgumentException("XEN_DOMINF shutdown code must be in 0.." + XEN_DOMINF_shutdownmask
                    + " (XEN_DOMINF_shutdownmask), got " + code);
        }
        return (flags & ~(XEN_DOMINF_shutdownmask << XEN_DOMINF_shutdownshift)) | (code << XEN_DOMINF_shutdownshift);
    }
}
