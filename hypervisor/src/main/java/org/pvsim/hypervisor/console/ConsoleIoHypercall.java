package org.pvsim.hypervisor.console;

import org.pvsim.hypervisor.abi.ConsoleIoCmd;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;

/**
 * {@code HYPERVISOR_console_io(cmd, count, buffer)} ({@code do_console_io}, {@code xen/drivers/char/console.c}).
 *
 * <ul>
 *   <li>{@code CONSOLEIO_write}: the hardware domain's bytes go to the console as they are, without a prefix (Xen
 *       sends them to its console devices, and to the ring with {@code console_to_ring}); another domain's are
 *       stripped of unprintable characters (all but printable ASCII and Latin-1, and tab) and buffered per domain
 *       until a newline, then logged as one {@code (d<id>) } line ({@code guest_console_write}). Copied in chunks of
 *       127 bytes; {@code -EFAULT} for a bad buffer. Xen's release builds refuse domU writes ({@code
 *       xsm_console_io}); pvsim lets every domain write, as Xen's debug builds do.
 *   <li>{@code CONSOLEIO_read}: the control domain only ({@code -EPERM}); {@code -E2BIG} if {@code count} exceeds
 *       {@code INT_MAX}; returns the characters read from the serial input, of which pvsim's host has none (0).
 * </ul>
 * Another command is {@code -ENOSYS}.
 */
public final class ConsoleIoHypercall implements CoreHypercall {
    /** Bytes copied per chunk ({@code sizeof(kbuf) - 1}). */
    public static final int CHUNK = 127;
    /** A domain's line buffer ({@code DOMAIN_CONSOLE_BUF_SIZE}). */
    public static final int LINE_BUFFER = 256;
    /** CPU time per byte written. */
    public static final long COST_PER_BYTE_NS = 2;

    private final XenConsole console;
    private final Runnable conringNotify;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] printable = new byte[CHUNK];
    private final byte[] emit = new byte[LINE_BUFFER + CHUNK + 1];
    private final byte[][] lines = new byte[DomId.DOMID_FIRST_RESERVED][];
    private final int[] lineLength = new int[DomId.DOMID_FIRST_RESERVED];
    private final Domain[] lineOwner = new Domain[DomId.DOMID_FIRST_RESERVED];

    public ConsoleIoHypercall(XenConsole console) {
        this(console, () -> {});
    }

    /**
     * A handler that runs {@code conringNotify} after each write that put bytes in the console ring: Xen's {@code
     * conring_notify}, which raises the global {@code VIRQ_CON_RING} at its handler domain.
     */
    public ConsoleIoHypercall(XenConsole console, Runnable conringNotify) {
        this.console = console;
        this.conringNotify = conringNotify;
    }

    @Override
    public long invoke(HypercallFrame f, long cmd, long countArg, long buffer, long a4, long a5) {
        long count = countArg & 0xFFFF_FFFFL;
        ConsoleIoCmd c = ConsoleIoCmd.ofCode(cmd & 0xFFFF_FFFFL);
        if (c == ConsoleIoCmd.CONSOLEIO_read) {
            if (!f.isCallerPrivileged()) {
                return Errno.EPERM.neg();
            }
            return count > Integer.MAX_VALUE ? Errno.E2BIG.neg() : 0;
        }
        if (c != ConsoleIoCmd.CONSOLEIO_write) {
            return f.isCallerPrivileged() ? Errno.ENOSYS.neg() : Errno.EPERM.neg();
        }
        Domain d = f.domain();
        long va = buffer;
        while (count > 0) {
            int n = (int) Math.min(count, CHUNK);
            if (f.copyFromGuest(va, chunk, 0, n) != 0) {
                return Errno.EFAULT.neg();
            }
            f.charge(COST_PER_BYTE_NS * n);
            int consumed = d.isHardwareDomain() ? raw(n) : buffered(d, n);
            va += consumed;
            count -= consumed;
        }
        return 0;
    }

    private int raw(int n) {
        console.hardwareDomainWrite(chunk, 0, n);
        conringNotify.run();
        return n;
    }

    /**
     * {@code is_console_printable} ({@code xen/include/xen/console.h}): Xen's {@code isprint} (ASCII 0x20-0x7E and
     * Latin-1 0xA0-0xFF, {@code xen/lib/ctype.c}), newline and tab.
     */
    static boolean isConsolePrintable(byte b) {
        int c = b & 0xFF;
        return c == '\n' || c == '\t' || (c >= 0x20 && c <= 0x7E) || c >= 0xA0;
    }

    /** {@code guest_console_write} for a domU: up to the first newline of the chunk. */
    private int buffered(Domain d, int n) {
        int id = d.domid();
        if (lineOwner[id] != d) {
            lineOwner[id] = d;
            lines[id] = new byte[LINE_BUFFER];
            lineLength[id] = 0;
        }
        byte[] line = lines[id];
        int consumed = 0;
        boolean newline = false;
        int kept = 0;
        byte[] out = printable;
        while (consumed < n) {
            byte b = chunk[consumed++];
            if (b == '\n') {
                newline = true;
                break;
            }
            if (isConsolePrintable(b)) {
                out[kept++] = b;
            }
        }
        if (!newline && lineLength[id] + kept < LINE_BUFFER - 1) {
            System.arraycopy(out, 0, line, lineLength[id], kept);
            lineLength[id] += kept;
        } else {
            int len = lineLength[id] + kept + 1;
            System.arraycopy(line, 0, emit, 0, lineLength[id]);
            System.arraycopy(out, 0, emit, lineLength[id], kept);
            emit[len - 1] = '\n';
            console.guestWrite(id, emit, 0, len);
            conringNotify.run();
            lineLength[id] = 0;
        }
        return consumed;
    }
}
