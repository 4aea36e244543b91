package org.pvsim.hypervisor.abi;

/**
 * {@code sched_op} commands ({@code SCHEDOP_*}, {@code xen/include/public/sched.h}).
 */
public enum SchedOp {
    SCHEDOP_yield(0),
    SCHEDOP_block(1),
    SCHEDOP_shutdown(2),
    SCHEDOP_poll(3),
    SCHEDOP_remote_shutdown(4),
    SCHEDOP_shutdown_code(5),
    SCHEDOP_watchdog(6),
    SCHEDOP_pin_override(7);

    private static final SchedOp[] BY_CODE = new SchedOp[7 + 1];

    static {
        for (SchedOp c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    SchedOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static SchedOp ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
