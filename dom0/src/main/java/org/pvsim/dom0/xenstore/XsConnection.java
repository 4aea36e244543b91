package org.pvsim.dom0.xenstore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;

/**
 * One client of xenstored ({@code struct connection} of {@code core.c}): dom0's local socket or a domain's ring. It
 * holds the partly read request ({@code conn->in}: header first, then payload; a message may arrive over several ring
 * reads), the messages waiting to be written ({@code out_list}: replies and watch events, the head possibly half
 * written), the watches, the open transactions, and whether xenstored has given up on it ({@code is_ignored}).
 */
final class XsConnection {
    /** A queued outgoing message. */
    private record Out(byte[] bytes, boolean watchEvent) {}

    private final int domid;
    private final boolean privileged;
    private final XsRingChannel channel;
    private int target = -1;
    private boolean ignored;

    private final byte[] header = new byte[XsdSockmsgDescriptor.SIZE];
    private int headerUsed;
    private byte[] payload;
    private int payloadUsed;
    private long consumed;

    private final ArrayDeque<Out> out = new ArrayDeque<>();
    private int headWritten;
    private int outstandingReplies;
    private long queuedBytes;

    private final ArrayDeque<XsWatchEvent> socketEvents = new ArrayDeque<>();
    private final List<XsWatch> watches = new ArrayList<>();
    private final TreeMap<Integer, XsTransaction> transactions = new TreeMap<>();
    private int nextTransactionId = 1;

    /**
     * @param channel the ring, or {@code null} for a local socket (replies are handed back directly, watch events
     *     queued as {@link XsWatchEvent}s)
     */
    XsConnection(int domid, boolean privileged, XsRingChannel channel) {
        this.domid = domid;
        this.privileged = privileged;
        this.channel = channel;
    }

    int domid() {
        return domid;
    }

    /** Whether quotas and permissions are bypassed ({@code !domain_is_unprivileged}). */
    boolean privileged() {
        return privileged;
    }

    XsRingChannel channel() {
        return channel;
    }

    boolean isSocket() {
        return channel == null;
    }

    /** The domain whose nodes this one may act on as its own ({@code SET_TARGET}), or -1. */
    int target() {
        return target;
    }

    void setTarget(int domid) {
        target = domid;
    }

    boolean ignored() {
        return ignored;
    }

    /** {@code ignore_connection}: drops watches, transactions and buffered data; nothing is read or written again. */
    void ignore() {
        ignored = true;
        reset();
    }

    /** {@code domain_conn_reset}/{@code conn_free_buffered_data}: forgets watches, transactions and queued data. */
    void reset() {
        watches.clear();
        transactions.clear();
        out.clear();
        socketEvents.clear();
        headWritten = 0;
        outstandingReplies = 0;
        queuedBytes = 0;
        headerUsed = 0;
        payload = null;
        payloadUsed = 0;
    }

    List<XsWatch> watches() {
        return watches;
    }

    TreeMap<Integer, XsTransaction> transactions() {
        return transactions;
    }

    /** {@code next_transaction_id}: an id not in use, never 0. */
    int allocateTransactionId() {
        while (nextTransactionId == 0 || transactions.containsKey(nextTransactionId)) {
            nextTransactionId++;
        }
        return nextTransactionId++;
    }

    // ---- input framing ----

    /**
     * Reads what the ring holds towards the next message.
     *
     * @return the complete request, {@code null} if more bytes are needed, or throws {@link FrameError}
     */
    XsRequest readFrame() throws FrameError {
        if (payload == null) {
            int n = channel.read(header, headerUsed, header.length - headerUsed);
            if (n < 0) {
                throw new FrameError(FrameError.RINGIDX, 0);
            }
            headerUsed += n;
            consumed += n;
            if (headerUsed < header.length) {
                return null;
            }
            long len = XsWire.get32(header, XsdSockmsgDescriptor.LEN_OFFSET) & 0xFFFF_FFFFL;
            if (len > XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX) {
                throw new FrameError(FrameError.PROTO, len);
            }
            payload = new byte[(int) len];
            payloadUsed = 0;
        }
        if (payloadUsed < payload.length) {
            int n = channel.read(payload, payloadUsed, payload.length - payloadUsed);
            if (n < 0) {
                throw new FrameError(FrameError.RINGIDX, 0);
            }
            payloadUsed += n;
            consumed += n;
            if (payloadUsed < payload.length) {
                return null;
            }
        }
        XsRequest r = new XsRequest(
                XsWire.get32(header, XsdSockmsgDescriptor.TYPE_OFFSET),
                XsWire.get32(header, XsdSockmsgDescriptor.REQ_ID_OFFSET),
                XsWire.get32(header, XsdSockmsgDescriptor.TX_ID_OFFSET),
                payload);
        headerUsed = 0;
        payload = null;
        return r;
    }

    /** Why framing gave up: a corrupt ring index or an oversized header length. */
    static final class FrameError extends Exception {
        private static final long serialVersionUID = 1L;
        static final int RINGIDX = 2;
        static final int PROTO = 3;
        final int xenstoreError;
        final long len;

        FrameError(int xenstoreError, long len) {
            super(null, null, false, false);
            this.xenstoreError = xenstoreError;
            this.len = len;
        }
    }

    /** Request bytes taken from the ring so far (the glue's guest waits for room in {@code req}). */
    long consumed() {
        return consumed;
    }

    // ---- output ----

    /** Queues a reply ({@code send_reply}: counted as outstanding until written). */
    void queueReply(byte[] message) {
        out.add(new Out(message, false));
        outstandingReplies++;
        queuedBytes += message.length;
    }

    /**
     * Queues a watch event unless an identical one is still waiting ({@code send_event}'s duplicate check, skipped for
     * special {@code @} paths) or {@code memoryLimit} bytes are already queued.
     *
     * @return whether it was queued
     */
    boolean queueEvent(byte[] message, String path, long memoryLimit) {
        if (!path.startsWith("@")) {
            for (Out o : out) {
                if (o.watchEvent() && java.util.Arrays.equals(o.bytes(), message)) {
                    return false;
                }
            }
        }
        if (queuedBytes + message.length > memoryLimit) {
            return false;
        }
        out.add(new Out(message, true));
        queuedBytes += message.length;
        return true;
    }

    /** A socket's watch event. */
    void queueSocketEvent(XsWatchEvent e) {
        socketEvents.add(e);
    }

    XsWatchEvent pollSocketEvent() {
        return socketEvents.poll();
    }

    /** Replies queued and not yet written ({@code ACC_OUTST}). */
    int outstanding() {
        return outstandingReplies;
    }

    boolean hasOutput() {
        return !out.isEmpty();
    }

    /** For a socket: the reply just queued (the only non-event message). */
    byte[] takeSocketReply() {
        Out o = out.pollLast();
        if (o == null) {
            return null;
        }
        outstandingReplies--;
        queuedBytes -= o.bytes().length;
        return o.bytes();
    }

    /**
     * {@code write_messages}: writes queued messages into the ring as far as they fit.
     *
     * @return bytes written, or -1 if the ring is corrupt
     */
    int flush() {
        int total = 0;
        while (!out.isEmpty()) {
            Out head = out.peek();
            int n = channel.write(head.bytes(), headWritten, head.bytes().length - headWritten);
            if (n < 0) {
                return -1;
            }
            total += n;
            headWritten += n;
            if (headWritten < head.bytes().length) {
                break;
            }
            out.poll();
            headWritten = 0;
            queuedBytes -= head.bytes().length;
            if (!head.watchEvent()) {
                outstandingReplies--;
            }
        }
        return total;
    }
}
