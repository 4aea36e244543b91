package org.pvsim.hypervisor.abi;

/**
 * {@code console_io} commands ({@code CONSOLEIO_*}, {@code xen/include/public/xen.h}).
 */
public enum ConsoleIoCmd {
    CONSOLEIO_write(0),
    CONSOLEIO_read(1);

    private static final ConsoleIoCmd[] BY_CODE = new ConsoleIoCmd[1 + 1];

    static {
        for (ConsoleIoCmd c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    ConsoleIoCmd(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static ConsoleIoCmd ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
