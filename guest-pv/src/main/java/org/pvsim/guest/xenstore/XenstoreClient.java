package org.pvsim.guest.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.pvsim.guest.io.RingNotifier;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XsdErrors;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * A guest kernel's xenstore client over its ring page, as Linux's {@code drivers/xen/xenbus/xenbus_xs.c} (requests,
 * watches, transactions) and {@code xenbus_comms.c} (the ring) do it, made asynchronous because pvsim's kernels have
 * no threads: a request is written to the {@code req} ring and answered later, in the store port's event handler
 * ({@link #handleEvent}), by calling the request's {@link XsReplyHandler}.
 *
 * <p><b>Requests.</b> Each gets a fresh {@code req_id} (never 0, which watch events carry). Its {@code xsd_sockmsg}
 * header and payload go into the {@code req} ring ({@link SharedByteRing#xenstoreRequests()}); what does not fit waits
 * in a kernel queue, in order, and is written as xenstored consumes (it notifies the port after consuming); then the
 * kernel sends on the port ({@code EVTCHNOP_send}). A method returns the {@code req_id}, or a negative errno if the
 * request cannot be queued: {@code -E2BIG} for a payload over {@code XENSTORE_PAYLOAD_MAX} (as {@code xs_talkv}),
 * {@code -ENOSPC} when {@link #MAX_QUEUED_BYTES} already wait, {@code -ENOTCONN} once xenstored closed the connection
 * (the page's {@code error} field), {@code -EEXIST} for a second watch with the same token.
 *
 * <p><b>Replies.</b> The handler reads the {@code rsp} ring ({@link SharedByteRing#xenstoreResponses()}), assembling
 * messages that arrive in pieces, and dispatches each: a reply to the request with its {@code req_id}, a {@code
 * XS_WATCH_EVENT} to the watch with its token. It then sends on the port if it consumed or produced anything, so that
 * xenstored knows there is space. A request given a {@code null} handler keeps its reply for {@link #takeReply}; a
 * watch registered without a callback queues its events for {@link #pollWatchEvent()}: the "poll" style of a
 * workload that checks between steps.
 *
 * <p><b>A hostile dom0</b> cannot crash the kernel through the ring: impossible indices are logged and the ring reset
 * to empty (as Linux's {@code xb_read}/{@code xb_write} do), a header longer than {@code XENSTORE_PAYLOAD_MAX} is
 * logged and skipped, a reply no request waits for is logged and dropped, a reply whose type is neither the request's
 * nor {@code XS_ERROR} is handed over as {@code EIO}, an unknown errno name as {@code EINVAL} (Linux's {@code
 * get_error}), a watch event without path and token, or for no watch, is dropped. Each is counted ({@link
 * #malformed()}) and logged ({@link #log()}, and the kernel's console).
 *
 * <p>One instance serves the whole kernel; {@link #bind} names the vCPU acting, since a domain's steps never run
 * concurrently. Control-plane code: it allocates per request.
 */
public final class XenstoreClient {
    /** {@code XBT_NIL}: the "no transaction" id. */
    public static final int XBT_NIL = 0;
    /** Bytes of requests that may wait for ring space before new requests are refused ({@code -ENOSPC}). */
    public static final int MAX_QUEUED_BYTES = 64 * 1024;
    /** Watch events kept for {@link #pollWatchEvent()} before the oldest are dropped (Linux caps them per watch). */
    public static final int MAX_QUEUED_WATCH_EVENTS = 256;
    /** Log lines kept by {@link #log()}; older ones are forgotten (they went to the console too). */
    public static final int MAX_LOG_LINES = 256;
    /** CPU time of building and queueing one request: formatting the payload, copying it, the bookkeeping. */
    public static final long REQUEST_NS = 400;
    /** CPU time of taking one message off the {@code rsp} ring and finding its request or watch. */
    public static final long REPLY_NS = 300;

    private static final int HEADER = XsdSockmsgDescriptor.SIZE;

    private record Pending(XsdSockmsgType type, int tx, XsReplyHandler handler, String watchToken) {}

    private record Watch(String path, String token, XsWatchHandler handler) {}

    private final long pageVa;
    private final int port;
    private final RingNotifier notifier;
    private final BiConsumer<GuestCpu, String> console;
    private final SharedByteRing req = SharedByteRing.xenstoreRequests();
    private final SharedByteRing rsp = SharedByteRing.xenstoreResponses();

    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    private final Map<Integer, XsReply> kept = new LinkedHashMap<>();
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final ArrayDeque<XsWatchEvent> watchEvents = new ArrayDeque<>();
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();
    private int outOffset;
    private int queuedBytes;

    private final byte[] header = new byte[HEADER];
    private int headerHave;
    private byte[] body;
    private int bodyHave;

    private int nextReqId = 1;
    private boolean disconnected;
    private GuestCpu cpu;

    private final List<String> log = new ArrayList<>();
    private long requests;
    private long replies;
    private long events;
    private long malformed;
    private long droppedWatchEvents;
    private long ringResets;
    private long notifications;

    /**
     * A client of the ring page mapped at {@code pageVa}, whose event channel is {@code port}.
     *
     * @param notifier sends on the port
     * @param console where the client's log lines go as well (the kernel's printk); may be null
     */
    public XenstoreClient(long pageVa, int port, RingNotifier notifier, BiConsumer<GuestCpu, String> console) {
        this.pageVa = pageVa;
        this.port = port;
        this.notifier = notifier;
        this.console = console;
    }

    /** Acts as {@code cpu} from now on; returns {@code this}. */
    public XenstoreClient bind(GuestCpu cpu) {
        this.cpu = cpu;
        return this;
    }

    /** The store event channel. */
    public int port() {
        return port;
    }

    /** Where the ring page is mapped. */
    public long pageVa() {
        return pageVa;
    }

    // -------------------------------------------------------------------------------------------------------------
    // operations (xenbus_xs.c)

    /** {@code XS_READ} of {@code path} in transaction {@code tx}: the reply's {@link XsReply#value()}. */
    public int read(int tx, String path, XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_READ, tx, strings(path), handler, null);
    }

    /** {@code XS_WRITE} of {@code value} (no NUL) to {@code path}, creating it and missing parents. */
    public int write(int tx, String path, String value, XsReplyHandler handler) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[p.length + 1 + v.length];
        System.arraycopy(p, 0, payload, 0, p.length);
        System.arraycopy(v, 0, payload, p.length + 1, v.length);
        return request(XsdSockmsgType.XS_WRITE, tx, payload, handler, null);
    }

    /** {@code XS_MKDIR}: creates {@code path} (empty) if it does not exist. */
    public int mkdir(int tx, String path, XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_MKDIR, tx, strings(path), handler, null);
    }

    /** {@code XS_RM}: removes {@code path} and everything below it. */
    public int rm(int tx, String path, XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_RM, tx, strings(path), handler, null);
    }

    /** {@code XS_DIRECTORY}: the children's names, {@link XsReply#strings()}. */
    public int directory(int tx, String path, XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_DIRECTORY, tx, strings(path), handler, null);
    }

    /** {@code XS_GET_PERMS}: the node's permissions in wire form ({@code "n0"}, {@code "r5"}), owner first. */
    public int getPerms(int tx, String path, XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_GET_PERMS, tx, strings(path), handler, null);
    }

    /**
     * {@code XS_SET_PERMS}: {@code perms} in wire form, a letter ({@code n}, {@code r}, {@code w}, {@code b}) and a
     * domid each, the first naming the owner and everyone else's access.
     */
    public int setPerms(int tx, String path, List<String> perms, XsReplyHandler handler) {
        List<String> all = new ArrayList<>();
        all.add(path);
        all.addAll(perms);
        return request(XsdSockmsgType.XS_SET_PERMS, tx, strings(all.toArray(new String[0])), handler, null);
    }

    /**
     * {@code XS_WATCH} on {@code path} (relative paths are relative to the domain's home, {@code
     * /local/domain/<domid>}) with {@code token}, as {@code register_xenbus_watch}: the watch is known to the client
     * before the request goes out, and forgotten again if xenstored refuses it. Events go to {@code callback}, or, if
     * it is null, to {@link #pollWatchEvent()}. xenstored fires the watch once at registration.
     *
     * @param done gets the registration's reply; may be null (then the reply is not kept)
     */
    public int watch(String path, String token, XsWatchHandler callback, XsReplyHandler done) {
        if (watches.containsKey(token)) {
            return Errno.EEXIST.neg();
        }
        watches.put(token, new Watch(path, token, callback));
        int rc = request(XsdSockmsgType.XS_WATCH, XBT_NIL, strings(path, token), done, token);
        if (rc < 0) {
            watches.remove(token);
        }
        return rc;
    }

    /**
     * {@code XS_UNWATCH}, as {@code unregister_xenbus_watch}: the watch is forgotten at once (an event already on its
     * way is dropped), then xenstored is told.
     */
    public int unwatch(String path, String token, XsReplyHandler done) {
        watches.remove(token);
        watchEvents.removeIf(e -> e.token().equals(token));
        return request(XsdSockmsgType.XS_UNWATCH, XBT_NIL, strings(path, token), orNothing(done), null);
    }

    /** {@code XS_TRANSACTION_START}: the reply's {@link XsReply#transactionId()}. */
    public int transactionStart(XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_TRANSACTION_START, XBT_NIL, strings(""), handler, null);
    }

    /** {@code XS_TRANSACTION_END} of {@code tx}: {@code "T"} commits, {@code "F"} aborts. {@code EAGAIN}: retry. */
    public int transactionEnd(int tx, boolean commit, XsReplyHandler handler) {
        return request(XsdSockmsgType.XS_TRANSACTION_END, tx, strings(commit ? "T" : "F"), handler, null);
    }

    /**
     * Runs {@code body} in a transaction, again from the start whenever the commit answers {@code EAGAIN} (see {@link
     * XsTransaction}); {@code done} gets the final reply: the commit's {@code OK}, or the error that ended it.
     *
     * @return 0, or the negative errno of queueing the first {@code XS_TRANSACTION_START}
     */
    public int transaction(XsTransactionBody body, XsReplyHandler done) {
        int rc = startTransaction(body, done, 1);
        return rc < 0 ? rc : 0;
    }

    int startTransaction(XsTransactionBody body, XsReplyHandler done, int attempt) {
        int rc = transactionStart((c, reply) -> {
            int id = reply.transactionId();
            if (id < 0) {
                done.reply(c, reply.isError() ? reply : XsReply.error(reply.reqId(), 0, XsdErrors.EIO));
                return;
            }
            body.run(c, new XsTransaction(this, body, done, id, attempt));
        });
        if (rc < 0 && attempt > 1) {
            done.reply(cpu, XsReply.error(0, 0, errnoName(rc)));
        }
        return rc;
    }

    /**
     * Any request: {@code type}, in transaction {@code tx}, with {@code payload} as the wire carries it.
     *
     * @param handler gets the reply; null keeps it for {@link #takeReply}
     */
    public int request(XsdSockmsgType type, int tx, byte[] payload, XsReplyHandler handler) {
        return request(type, tx, payload, handler, null);
    }

    // -------------------------------------------------------------------------------------------------------------
    // polling

    /** The reply to request {@code reqId}, sent without a handler, if it arrived (then forgotten); else null. */
    public XsReply takeReply(int reqId) {
        return kept.remove(reqId);
    }

    /** The oldest event of a watch registered without a callback, or null. */
    public XsWatchEvent pollWatchEvent() {
        return watchEvents.poll();
    }

    // -------------------------------------------------------------------------------------------------------------
    // the ring (xenbus_comms.c)

    /**
     * The store port's event handler ({@code xenbus_thread}/{@code wake_waiting} in Linux): takes every complete
     * message off the {@code rsp} ring and dispatches it, writes queued requests into the space xenstored freed, and
     * sends on the port if it moved any byte. The signature is an {@code EventHandler}'s.
     */
    public void handleEvent(GuestCpu cpu, int port) {
        bind(cpu);
        if (checkConnection()) {
            return;
        }
        boolean moved = readReplies();
        moved |= pump();
        if (moved) {
            notifyPeer();
        }
    }

    /** Whether xenstored closed the connection ({@code error} field of the page): then fails everything waiting. */
    private boolean checkConnection() {
        if (disconnected) {
            return true;
        }
        int error = cpu.read32(pageVa + XenstoreDomainInterfaceDescriptor.ERROR_OFFSET);
        if (error == XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_NONE) {
            return false;
        }
        disconnected = true;
        log(cpu, "xenbus: xenstored reported error " + error + " on the ring; connection closed");
        List<Map.Entry<Integer, Pending>> waiting = new ArrayList<>(pending.entrySet());
        pending.clear();
        out.clear();
        queuedBytes = 0;
        for (Map.Entry<Integer, Pending> e : waiting) {
            deliver(e.getValue(), XsReply.error(e.getKey(), e.getValue().tx(), XsdErrors.EIO));
        }
        return true;
    }

    /** The response ring's indices are impossible: reset it and drop the partial reply. Returns true (progress). */
    private boolean responseRingCorrupt() {
        resetRing(
                XenstoreDomainInterfaceDescriptor.RSP_CONS_OFFSET,
                XenstoreDomainInterfaceDescriptor.RSP_PROD_OFFSET,
                "rsp");
        headerHave = 0;
        body = null;
        return true;
    }

    private boolean readReplies() {
        boolean moved = false;
        while (true) {
            if (headerHave < HEADER) {
                int n = rsp.consume(cpu, pageVa, header, headerHave, HEADER - headerHave);
                if (n == SharedByteRing.CORRUPT) {
                    return responseRingCorrupt();
                }
                if (n == 0) {
                    return moved;
                }
                moved = true;
                headerHave += n;
                if (headerHave < HEADER) {
                    continue;
                }
                long len = LittleEndian.getI32(header, XsdSockmsgDescriptor.LEN_OFFSET) & 0xFFFF_FFFFL;
                if (len > XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX) {
                    bad("xenbus: reply of " + len + " bytes, more than XENSTORE_PAYLOAD_MAX: header dropped");
                    headerHave = 0;
                    continue;
                }
                body = new byte[(int) len];
                bodyHave = 0;
            }
            if (bodyHave < body.length) {
                int n = rsp.consume(cpu, pageVa, body, bodyHave, body.length - bodyHave);
                if (n == SharedByteRing.CORRUPT) {
                    return responseRingCorrupt();
                }
                if (n == 0) {
                    return moved;
                }
                moved = true;
                bodyHave += n;
                if (bodyHave < body.length) {
                    continue;
                }
            }
            byte[] payload = body;
            headerHave = 0;
            body = null;
            dispatch(payload);
        }
    }

    private void dispatch(byte[] payload) {
        cpu.compute(REPLY_NS);
        long code = LittleEndian.getI32(header, XsdSockmsgDescriptor.TYPE_OFFSET) & 0xFFFF_FFFFL;
        int reqId = LittleEndian.getI32(header, XsdSockmsgDescriptor.REQ_ID_OFFSET);
        int tx = LittleEndian.getI32(header, XsdSockmsgDescriptor.TX_ID_OFFSET);
        XsdSockmsgType type = XsdSockmsgType.ofCode(code);
        if (type == XsdSockmsgType.XS_WATCH_EVENT) {
            watchEvent(payload);
            return;
        }
        Pending p = pending.remove(reqId);
        if (p == null) {
            bad("xenbus: reply " + (type == null ? "of type " + code : type) + " for req_id "
                    + Integer.toUnsignedString(reqId) + ", which no request has: dropped");
            return;
        }
        replies++;
        XsReply reply;
        if (type != p.type() && type != XsdSockmsgType.XS_ERROR) {
            bad("xenbus: reply " + (type == null ? "of type " + code : type) + " to a " + p.type() + " request (req_id "
                    + Integer.toUnsignedString(reqId) + "): taken as EIO");
            reply = XsReply.error(reqId, tx, XsdErrors.EIO);
        } else if (type == XsdSockmsgType.XS_ERROR) {
            String name = new XsReply(type, reqId, tx, payload).value();
            if (XsdErrors.isKnown(name)) {
                reply = new XsReply(type, reqId, tx, payload);
            } else {
                bad("xen store gave: unknown error " + printable(name));
                reply = XsReply.error(reqId, tx, XsdErrors.EINVAL);
            }
        } else {
            reply = new XsReply(type, reqId, tx, payload);
        }
        if (p.watchToken() != null && reply.isError()) {
            watches.remove(p.watchToken());
        }
        deliver(p, reply);
    }

    private void deliver(Pending p, XsReply reply) {
        if (p.handler() != null) {
            p.handler().reply(cpu, reply);
        } else if (p.watchToken() == null) {
            kept.put(reply.reqId(), reply);
        }
    }

    private void watchEvent(byte[] payload) {
        List<String> parts = XsReply.split(payload);
        if (parts.size() < 2) {
            bad("xenbus: watch event without a path and a token: dropped");
            return;
        }
        String path = parts.get(XsdSockmsgDescriptor.XS_WATCH_PATH);
        String token = parts.get(XsdSockmsgDescriptor.XS_WATCH_TOKEN);
        Watch w = watches.get(token);
        if (w == null) {
            // an event for a watch just removed is normal; one for a token never used is not, but harmless
            log(
                    cpu,
                    "xenbus: watch event on " + printable(path) + " for token " + printable(token)
                            + ", which no watch has: dropped");
            return;
        }
        events++;
        if (w.handler() != null) {
            w.handler().fired(cpu, path, token);
            return;
        }
        if (watchEvents.size() >= MAX_QUEUED_WATCH_EVENTS) {
            watchEvents.poll();
            droppedWatchEvents++;
        }
        watchEvents.add(new XsWatchEvent(path, token));
    }

    private int request(XsdSockmsgType type, int tx, byte[] payload, XsReplyHandler handler, String watchToken) {
        if (cpu == null) {
            throw new IllegalStateException("xenstore client used before being bound to a vCPU");
        }
        if (disconnected) {
            return Errno.ENOTCONN.neg();
        }
        if (payload.length > XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX) {
            return Errno.E2BIG.neg();
        }
        int size = HEADER + payload.length;
        if (queuedBytes + size > MAX_QUEUED_BYTES) {
            return Errno.ENOSPC.neg();
        }
        int reqId = nextReqId;
        do {
            nextReqId++;
        } while (nextReqId == 0 || pending.containsKey(nextReqId));
        byte[] msg = new byte[size];
        LittleEndian.putI32(msg, XsdSockmsgDescriptor.TYPE_OFFSET, type.code);
        LittleEndian.putI32(msg, XsdSockmsgDescriptor.REQ_ID_OFFSET, reqId);
        LittleEndian.putI32(msg, XsdSockmsgDescriptor.TX_ID_OFFSET, tx);
        LittleEndian.putI32(msg, XsdSockmsgDescriptor.LEN_OFFSET, payload.length);
        System.arraycopy(payload, 0, msg, HEADER, payload.length);
        pending.put(reqId, new Pending(type, tx, handler, watchToken));
        out.add(msg);
        queuedBytes += size;
        requests++;
        cpu.compute(REQUEST_NS);
        if (pump()) {
            notifyPeer();
        }
        return reqId;
    }

    /** Writes queued requests into the {@code req} ring while there is space; whether it wrote anything. */
    private boolean pump() {
        boolean produced = false;
        while (!out.isEmpty()) {
            byte[] head = out.peek();
            int n = req.produce(cpu, pageVa, head, outOffset, head.length - outOffset);
            if (n == SharedByteRing.CORRUPT) {
                resetRing(
                        XenstoreDomainInterfaceDescriptor.REQ_CONS_OFFSET,
                        XenstoreDomainInterfaceDescriptor.REQ_PROD_OFFSET,
                        "req");
                outOffset = 0;
                return true;
            }
            if (n == 0) {
                break;
            }
            produced = true;
            outOffset += n;
            if (outOffset == head.length) {
                out.poll();
                queuedBytes -= head.length;
                outOffset = 0;
            }
        }
        return produced;
    }

    /** Impossible indices: both set to 0, as Linux's {@code xb_read}/{@code xb_write} do; the ring restarts empty. */
    private void resetRing(int consOffset, int prodOffset, String which) {
        malformed++;
        ringResets++;
        log(cpu, "xenbus: impossible indices on the " + which + " ring: reset to empty");
        cpu.write32(pageVa + consOffset, 0);
        cpu.write32(pageVa + prodOffset, 0);
    }

    private void notifyPeer() {
        notifications++;
        int rc = notifier.notifyPeer(cpu);
        if (rc < 0) {
            log(cpu, "xenbus: notifying xenstored on port " + port + " failed: " + Errno.describe(rc));
        }
    }

    private void bad(String line) {
        malformed++;
        log(cpu, line);
    }

    void log(GuestCpu cpu, String line) {
        if (log.size() == MAX_LOG_LINES) {
            log.remove(0);
        }
        log.add(line);
        if (console != null) {
            console.accept(cpu, line);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // what the client knows

    /** Whether xenstored closed the connection (it set the page's {@code error} field). */
    public boolean isDisconnected() {
        return disconnected;
    }

    /** Requests sent and not answered yet. */
    public int inFlight() {
        return pending.size();
    }

    /** Bytes of requests waiting for ring space. */
    public int queuedBytes() {
        return queuedBytes;
    }

    /** Paths watched now, by token, in registration order. */
    public Map<String, String> watches() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Watch w : watches.values()) {
            out.put(w.token(), w.path());
        }
        return out;
    }

    /** Requests queued so far. */
    public long requests() {
        return requests;
    }

    /** Replies matched to a request so far. */
    public long replies() {
        return replies;
    }

    /** Watch events delivered to a watch so far. */
    public long watchEventsDelivered() {
        return events;
    }

    /** Malformed messages and ring resets: what a misbehaving xenstored sent. */
    public long malformed() {
        return malformed;
    }

    /** Times an impossible index pair made the client reset a ring. */
    public long ringResets() {
        return ringResets;
    }

    /** Watch events dropped because the poll queue was full. */
    public long droppedWatchEvents() {
        return droppedWatchEvents;
    }

    /** Sends on the port so far. */
    public long notifications() {
        return notifications;
    }

    /** The client's log lines, oldest first (at most {@link #MAX_LOG_LINES}). */
    public List<String> log() {
        return List.copyOf(log);
    }

    // -------------------------------------------------------------------------------------------------------------

    /**
     * The xenstore errno name of a negative errno {@code rc} (as a reply would carry it), {@code EIO} for one
     * xenstore's table does not have.
     */
    public static String errnoName(int rc) {
        Errno e = Errno.ofCode(-(long) rc);
        return e != null && XsdErrors.isKnown(e.name()) ? e.name() : XsdErrors.EIO;
    }

    private static XsReplyHandler orNothing(XsReplyHandler h) {
        return h != null ? h : (c, r) -> {};
    }

    private static byte[] strings(String... parts) {
        int len = 0;
        byte[][] b = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            b[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            len += b[i].length + 1;
        }
        byte[] out = new byte[len];
        int at = 0;
        for (byte[] p : b) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length + 1;
        }
        return out;
    }

    /** {@code s} cut to 64 characters with control characters shown as {@code ?}: safe to log whatever dom0 sent. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return "\"" + b + (s.length() > 64 ? "...\"" : "\"");
    }
}
