package org.pvsim.guest.console;

import java.nio.charset.StandardCharsets;
import org.pvsim.guest.io.RingNotifier;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * A domU kernel's PV console writer, as Linux's {@code hvc_xen} ({@code drivers/tty/hvc/hvc_xen.c}) drives the
 * console page {@code start_info.console.domU.mfn}: output bytes go into the page's {@code out} ring ({@link
 * SharedByteRing#consoleOut()}), then the kernel sends on {@code console.domU.evtchn} so that xenconsoled reads them.
 *
 * <p>When the ring is full, bytes wait in a kernel buffer of {@link #BUFFER_BYTES} (hvc keeps them in the tty
 * layer's buffer); xenconsoled sends on the port after consuming, and the port's handler ({@link #handleEvent}) writes
 * what waits. Bytes that do not fit in the buffer either are dropped, counted ({@link #droppedBytes()}), and
 * announced in the output once the buffer has room again: {@code "** N console bytes dropped **"}, as printk
 * announces dropped messages. Impossible ring indices (a hostile or broken dom0) make the ring unusable: every later
 * byte is counted as dropped; nothing throws.
 *
 * <p>The {@code in} ring (keyboard input from {@code xl console}) is not read: pvsim's workloads take no input.
 */
public final class ConsoleRing {
    /** Bytes the kernel keeps while the ring is full. */
    public static final int BUFFER_BYTES = 16 * 1024;

    private final long pageVa;
    private final int port;
    private final RingNotifier notifier;
    private final SharedByteRing ring = SharedByteRing.consoleOut();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int head;
    private int count;
    private long dropped;
    private long droppedUnannounced;
    private long written;
    private long notifications;
    private boolean broken;

    /** A writer of the console page mapped at {@code pageVa}, whose event channel is {@code port}. */
    public ConsoleRing(long pageVa, int port, RingNotifier notifier) {
        this.pageVa = pageVa;
        this.port = port;
        this.notifier = notifier;
    }

    /** Where the console page is mapped in the kernel's address space. */
    public long pageVa() {
        return pageVa;
    }

    /** The console's event channel. */
    public int port() {
        return port;
    }

    /**
     * Writes {@code len} bytes of {@code b}: into the ring as far as they fit (after what already waits), the rest
     * into the buffer, the excess dropped and counted; then notifies xenconsoled if the ring got any.
     */
    public void write(GuestCpu cpu, byte[] b, int off, int len) {
        if (broken) {
            dropped += len;
            return;
        }
        boolean produced = flush(cpu);
        if (count == 0 && !broken) {
            int n = ring.produce(cpu, pageVa, b, off, len);
            if (n == SharedByteRing.CORRUPT) {
                breakRing(len);
                return;
            }
            produced |= n > 0;
            written += n;
            off += n;
            len -= n;
        }
        if (len > 0) {
            buffer(b, off, len);
        }
        if (produced) {
            notifyPeer(cpu);
        }
    }

    /**
     * The console port's event handler: xenconsoled consumed some output; writes what waits in the buffer (and the
     * note about dropped bytes once everything before it is out). The signature is an {@code EventHandler}'s.
     */
    public void handleEvent(GuestCpu cpu, int port) {
        if (!broken && flush(cpu)) {
            notifyPeer(cpu);
        }
    }

    /** Moves buffered bytes (then the dropped-bytes note) into the ring; whether it moved any. */
    private boolean flush(GuestCpu cpu) {
        boolean produced = false;
        while (count > 0) {
            int chunk = Math.min(count, BUFFER_BYTES - head);
            int n = ring.produce(cpu, pageVa, buffer, head, chunk);
            if (n == SharedByteRing.CORRUPT) {
                breakRing(0);
                return false;
            }
            if (n == 0) {
                return produced;
            }
            produced = true;
            written += n;
            head = (head + n) % BUFFER_BYTES;
            count -= n;
        }
        if (droppedUnannounced > 0) {
            byte[] note =
                    ("** " + droppedUnannounced + " console bytes dropped **\n").getBytes(StandardCharsets.US_ASCII);
            droppedUnannounced = 0;
            int n = ring.produce(cpu, pageVa, note, 0, note.length);
            if (n == SharedByteRing.CORRUPT) {
                breakRing(0);
                return false;
            }
            produced |= n > 0;
            written += n;
            if (n < note.length) {
                buffer(note, n, note.length - n);
            }
        }
        return produced;
    }

    private void buffer(byte[] b, int off, int len) {
        int fits = Math.min(len, BUFFER_BYTES - count);
        for (int i = 0; i < fits; i++) {
            buffer[(head + count + i) % BUFFER_BYTES] = b[off + i];
        }
        count += fits;
        if (fits < len) {
            dropped += len - fits;
            droppedUnannounced += len - fits;
        }
    }

    private void breakRing(int len) {
        broken = true;
        dropped += len + count;
        count = 0;
    }

    private void notifyPeer(GuestCpu cpu) {
        notifications++;
        notifier.notifyPeer(cpu);
    }

    /** Bytes written into the ring so far. */
    public long writtenBytes() {
        return written;
    }

    /** Bytes waiting in the kernel buffer for ring space. */
    public int bufferedBytes() {
        return count;
    }

    /** Bytes dropped so far: the buffer was full, or the ring is broken. */
    public long droppedBytes() {
        return dropped;
    }

    /** Whether the ring's indices were found impossible (then nothing more is written to it). */
    public boolean isBroken() {
        return broken;
    }

    /** Sends on the port so far. */
    public long notifications() {
        return notifications;
    }

    /** A one-line summary, e.g. for a kernel's status output. */
    @Override
    public String toString() {
        return "console ring on port " + port + ": " + written + " bytes written, " + count + " buffered, " + dropped
                + " dropped" + (broken ? ", broken (impossible indices)" : "")
                + (notifications == 0 ? "" : ", " + notifications + " notifications");
    }
}
