package org.pvsim.guest.io;

import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenconsInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;

/**
 * One direction of a byte-stream ring in a shared page, as {@code xs_wire.h} and {@code console.h} define them: a
 * power-of-two data array and two free-running unsigned 32-bit indices, {@code prod} advanced by the producer and
 * {@code cons} by the consumer. Both ends of every xenstore and console ring use this class, each through its own
 * mapping of the page ({@code pageVa}) and acting as its own vCPU ({@link GuestCpu}).
 *
 * <p>The indices live in memory the other end can write, so every read of them is checked: a distance {@code prod -
 * cons} (unsigned) above the ring's size means the peer corrupted the ring, and {@link #produce} and {@link #consume}
 * answer {@link #CORRUPT} without touching the data. Each call reads each index once (a local copy, as Xen's own
 * consumers do) and publishes its own index after the data: the write of the data happens before the index update
 * that makes it visible.
 *
 * <p>Allocates nothing per call.
 */
public final class SharedByteRing {
    /** {@link #produce}/{@link #consume} result when the indices are impossible. */
    public static final int CORRUPT = -1;

    private final int dataOffset;
    private final int size;
    private final int consOffset;
    private final int prodOffset;

    /**
     * A ring whose data array sits at {@code dataOffset} ({@code size} bytes, a power of two) and whose indices at
     * {@code consOffset} and {@code prodOffset} of the page.
     */
    public SharedByteRing(int dataOffset, int size, int consOffset, int prodOffset) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size " + size + " is not a power of two");
        }
        this.dataOffset = dataOffset;
        this.size = size;
        this.consOffset = consOffset;
        this.prodOffset = prodOffset;
    }

    /** The xenstore page's {@code req} ring: the guest produces, xenstored consumes. */
    public static SharedByteRing xenstoreRequests() {
        return new SharedByteRing(
                XenstoreDomainInterfaceDescriptor.REQ_OFFSET,
                XenstoreDomainInterfaceDescriptor.XENSTORE_RING_SIZE,
                XenstoreDomainInterfaceDescriptor.REQ_CONS_OFFSET,
                XenstoreDomainInterfaceDescriptor.REQ_PROD_OFFSET);
    }

    /** The xenstore page's {@code rsp} ring: xenstored produces, the guest consumes. */
    public static SharedByteRing xenstoreResponses() {
        return new SharedByteRing(
                XenstoreDomainInterfaceDescriptor.RSP_OFFSET,
                XenstoreDomainInterfaceDescriptor.XENSTORE_RING_SIZE,
                XenstoreDomainInterfaceDescriptor.RSP_CONS_OFFSET,
                XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET);
    }

    /** The console page's {@code out} ring: the guest produces, the console daemon consumes. */
    public static SharedByteRing consoleOut() {
        return new SharedByteRing(
                XenconsInterfaceDescriptor.OUT_OFFSET,
                XenconsInterfaceDescriptor.OUT_SIZE,
                XenconsInterfaceDescriptor.OUT_CONS_OFFSET,
                XenconsInterfaceDescriptor.OUT_PROD_OFFSET);
    }

    /** The console page's {@code in} ring: the console daemon produces, the guest consumes. */
    public static SharedByteRing consoleIn() {
        return new SharedByteRing(
                XenconsInterfaceDescriptor.IN_OFFSET,
                XenconsInterfaceDescriptor.IN_SIZE,
                XenconsInterfaceDescriptor.IN_CONS_OFFSET,
                XenconsInterfaceDescriptor.IN_PROD_OFFSET);
    }

    /** Bytes in the data array. */
    public int size() {
        return size;
    }

    /**
     * Bytes waiting to be consumed, or {@link #CORRUPT}.
     */
    public int available(GuestCpu cpu, long pageVa) {
        int prod = cpu.read32(pageVa + prodOffset);
        int cons = cpu.read32(pageVa + consOffset);
        return distance(prod, cons);
    }

    /** Bytes the producer may still write, or {@link #CORRUPT}. */
    public int space(GuestCpu cpu, long pageVa) {
        int used = available(cpu, pageVa);
        return used == CORRUPT ? CORRUPT : size - used;
    }

    /**
     * Producer side: copies up to {@code len} bytes of {@code src} into the ring, as many as fit, and advances {@code
     * prod} past them.
     *
     * @return bytes written (0 if the ring is full), or {@link #CORRUPT}
     */
    public int produce(GuestCpu cpu, long pageVa, byte[] src, int off, int len) {
        int prod = cpu.read32(pageVa + prodOffset);
        int cons = cpu.read32(pageVa + consOffset);
        int used = distance(prod, cons);
        if (used == CORRUPT) {
            return CORRUPT;
        }
        int n = Math.min(len, size - used);
        int done = 0;
        while (done < n) {
            int at = (prod + done) & (size - 1);
            int chunk = Math.min(n - done, size - at);
            cpu.write(pageVa + dataOffset + at, src, off + done, chunk);
            done += chunk;
        }
        if (n > 0) {
            cpu.write32(pageVa + prodOffset, prod + n);
        }
        return n;
    }

    /**
     * Consumer side: copies up to {@code len} waiting bytes into {@code dst} and advances {@code cons} past them.
     *
     * @return bytes read (0 if the ring is empty), or {@link #CORRUPT}
     */
    public int consume(GuestCpu cpu, long pageVa, byte[] dst, int off, int len) {
        int n = peek(cpu, pageVa, dst, off, len);
        if (n > 0) {
            int cons = cpu.read32(pageVa + consOffset);
            cpu.write32(pageVa + consOffset, cons + n);
        }
        return n;
    }

    /**
     * Like {@link #consume} but leaves {@code cons} where it is: for a consumer that needs a whole message header
     * before it takes anything.
     */
    public int peek(GuestCpu cpu, long pageVa, byte[] dst, int off, int len) {
        int prod = cpu.read32(pageVa + prodOffset);
        int cons = cpu.read32(pageVa + consOffset);
        int avail = distance(prod, cons);
        if (avail == CORRUPT) {
            return CORRUPT;
        }
        int n = Math.min(len, avail);
        int done = 0;
        while (done < n) {
            int at = (cons + done) & (size - 1);
            int chunk = Math.min(n - done, size - at);
            cpu.read(pageVa + dataOffset + at, dst, off + done, chunk);
            done += chunk;
        }
        return n;
    }

    /** Unsigned {@code prod - cons}, or {@link #CORRUPT} if it exceeds the ring's size. */
    private int distance(int prod, int cons) {
        long d = (prod - cons) & 0xFFFF_FFFFL;
        return d > size ? CORRUPT : (int) d;
    }
}
