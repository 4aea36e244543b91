package org.pvsim.hypervisor.console;

import java.nio.charset.StandardCharsets;

/**
 * Xen's console ring ({@code conring}, {@code xen/drivers/char/console.c}): the hypervisor's own messages and what
 * guests write with {@code CONSOLEIO_write}, prefixed {@code (d<id>) }. It holds the most recent
 * {@link #CONRING_SIZE} bytes; {@code XEN_SYSCTL_readconsole} ({@code xl dmesg}) reads it.
 *
 * <p>Everything written here comes from hypervisor code driven by journalled inputs, so replay rebuilds the same
 * ring byte for byte.
 */
public final class XenConsole {
    /** Ring size in bytes ({@code _CONRING_SIZE}). */
    public static final int CONRING_SIZE = 16384;

    private final byte[] ring = new byte[CONRING_SIZE];
    /** Bytes ever written ({@code conringp}, free running). */
    private long prod;
    /** The oldest byte still held ({@code conringc}): at most {@link #CONRING_SIZE} behind {@link #prod}. */
    private long cons;

    private boolean atLineStart = true;
    private long lastIndex;

    /** Appends one line from the hypervisor, prefixed {@code (XEN) }. */
    public void xenLine(String line) {
        appendText("(XEN) " + line + "\n");
    }

    /**
     * Appends the hardware domain's output as it is, with no prefix: Xen writes it straight to the console devices
     * ({@code console_send} in {@code guest_console_write}), and to the ring too when booted with {@code
     * console_to_ring}; the ring is pvsim's only console.
     */
    public void hardwareDomainWrite(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            byte b = buf[off + i];
            put(b);
            atLineStart = b == '\n';
        }
    }

    /** Appends guest output from domain {@code domid}, prefixing each line with {@code (d<domid>) }. */
    public void guestWrite(int domid, byte[] buf, int off, int len) {
        byte[] prefix = ("(d" + domid + ") ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < len; i++) {
            if (atLineStart) {
                for (byte b : prefix) {
                    put(b);
                }
            }
            byte b = buf[off + i];
            put(b);
            atLineStart = b == '\n';
        }
    }

    private void appendText(String s) {
        if (!atLineStart) {
            put((byte) '\n');
            atLineStart = true;
        }
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            put(b);
        }
    }

    private void put(byte b) {
        ring[(int) (prod % CONRING_SIZE)] = b;
        prod++;
        if (prod - cons > CONRING_SIZE) {
            cons = prod - CONRING_SIZE;
        }
    }

    /** Bytes ever written. */
    public long produced() {
        return prod;
    }

    /**
     * {@code read_console_ring} ({@code XEN_SYSCTL_readconsole}): copies up to {@code max} bytes into {@code dst},
     * starting at the oldest byte held or, if {@code incremental} and {@code index} is newer, at {@code index}. With
     * {@code clear}, what was read is dropped from the ring. Returns the number of bytes copied;
     * {@link #lastIndex()} then gives the index after them, for the next incremental read.
     */
    public int read(byte[] dst, int max, boolean incremental, long index, boolean clear) {
        long c = cons;
        if (incremental && (int) (index - c) > 0) {
            c = c + ((index - c) & 0xFFFF_FFFFL);
        }
        int n = (int) Math.max(0, Math.min(max, prod - c));
        for (int i = 0; i < n; i++) {
            dst[i] = ring[(int) ((c + i) % CONRING_SIZE)];
        }
        c += n;
        if (clear) {
            cons = prod - c > CONRING_SIZE ? prod - CONRING_SIZE : c;
        }
        lastIndex = c;
        return n;
    }

    /** The ring index after the last {@link #read}, as {@code xen_sysctl_readconsole.index} reports it. */
    public long lastIndex() {
        return lastIndex;
    }

    /** The whole ring as text, for tools and tests. */
    public String text() {
        int n = (int) (prod - cons);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = ring[(int) ((cons + i) % CONRING_SIZE)];
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
