package org.pvsim.hypervisor.abi;

/**
 * Shutdown reasons ({@code SHUTDOWN_*}, {@code xen/include/public/sched.h}), with the letter {@code xl list} prints for
 * each in the fifth state column ({@code "-rscwS"}, {@code tools/xl/xl_info.c}).
 */
public enum ShutdownReason {
    SHUTDOWN_poweroff(0),
    SHUTDOWN_reboot(1),
    SHUTDOWN_suspend(2),
    SHUTDOWN_crash(3),
    SHUTDOWN_watchdog(4),
    SHUTDOWN_soft_reset(5);

    private static final ShutdownReason[] BY_CODE = new ShutdownReason[5 + 1];

    static {
        for (ShutdownReason c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    ShutdownReason(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static ShutdownReason ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The value of {@code shutdown_code} while no reason is latched ({@code SHUTDOWN_CODE_INVALID} in Xen). */
    public static final int SHUTDOWN_CODE_INVALID = -1;

    /** The letter {@code xl list} shows for this reason. */
    public char xlLetter() {
        return "-rscwS".charAt(code);
    }

    /** The name without the {@code SHUTDOWN_} prefix, as xl and stats.json print it. */
    public String shortName() {
        return name().substring("SHUTDOWN_".length());
    }
}
