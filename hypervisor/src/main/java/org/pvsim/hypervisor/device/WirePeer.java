package org.pvsim.hypervisor.device;

import static org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor.*;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.device.NicSpec;

/**
 * The one host at the other end of the machine's wire, {@link
 * org.pvsim.hypervisor.abi.io.PvsimFrameDescriptor#WIRE_PEER_MAC}. It answers every pvsim echo request addressed to it
 * as a guest's {@code net} workload in pong role does (MACs swapped, kind set to reply, the rest unchanged), counts the
 * data frames it receives, and ignores everything else (counted as not for it). Answers travel back after the wire
 * latency, one after another at line rate; at most {@link #QUEUE} may be on the wire at once, more are dropped
 * (counted).
 *
 * <p>Invariant: arrival times are non-decreasing in queue order; the queue is preallocated.
 */
public final class WirePeer {
    /** Frames that may be on their way back at once. */
    public static final int QUEUE = 512;

    private final NicSpec spec;
    private final byte[][] frames = new byte[QUEUE][MAX_FRAME];
    private final int[] lengths = new int[QUEUE];
    private final long[] arrivals = new long[QUEUE];
    private int head;
    private int count;
    private long lineFreeAt;
    private long echoed;
    private long dataFrames;
    private long dataBytes;
    private long notForMe;
    private long dropped;

    WirePeer(NicSpec spec) {
        this.spec = spec;
    }

    /** The card finished sending {@code frame[0..len)} at {@code now}. */
    void receive(byte[] frame, int len, long now) {
        boolean forMe = true;
        for (int i = 0; i < MAC_SIZE; i++) {
            forMe &= frame[DST_MAC_OFFSET + i] == WIRE_PEER_MAC[i];
        }
        if (!forMe || len < FILLER_OFFSET || ethertype(frame, 0) != ETHERTYPE_PVSIM) {
            notForMe++;
            return;
        }
        int kind = LittleEndian.getU8(frame, KIND_OFFSET);
        if (kind == KIND_DATA) {
            dataFrames++;
            dataBytes += len;
            return;
        }
        if (kind != KIND_ECHO_REQUEST) {
            notForMe++;
            return;
        }
        if (count == QUEUE) {
            dropped++;
            return;
        }
        int slot = (head + count) % QUEUE;
        byte[] out = frames[slot];
        System.arraycopy(frame, 0, out, 0, len);
        System.arraycopy(frame, SRC_MAC_OFFSET, out, DST_MAC_OFFSET, MAC_SIZE);
        System.arraycopy(WIRE_PEER_MAC, 0, out, SRC_MAC_OFFSET, MAC_SIZE);
        LittleEndian.putU8(out, KIND_OFFSET, KIND_ECHO_REPLY);
        lengths[slot] = len;
        long start = Math.max(now + spec.wireLatencyNs(), lineFreeAt);
        lineFreeAt = start + spec.wireNs(len);
        arrivals[slot] = lineFreeAt;
        count++;
        echoed++;
    }

    /** When the next answer reaches the card, or -1 if none is on the wire. */
    long nextArrival() {
        return count == 0 ? -1 : arrivals[head];
    }

    /** The next answer's bytes (valid until {@link #pop}). */
    byte[] peekFrame() {
        return frames[head];
    }

    /** The next answer's length. */
    int peekLength() {
        return lengths[head];
    }

    /** The next answer has reached the card. */
    void pop() {
        head = (head + 1) % QUEUE;
        count--;
    }

    /** Echo requests answered. */
    public long echoed() {
        return echoed;
    }

    /** Data frames received, and their bytes. */
    public long dataFrames() {
        return dataFrames;
    }

    /** Bytes of the data frames received. */
    public long dataBytes() {
        return dataBytes;
    }

    /** Frames that were not pvsim frames for it. */
    public long notForMe() {
        return notForMe;
    }

    /** Echo answers dropped because {@link #QUEUE} were already on the wire. */
    public long dropped() {
        return dropped;
    }
}
