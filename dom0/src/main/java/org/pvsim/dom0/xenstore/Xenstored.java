package org.pvsim.dom0.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * The xenstore daemon ({@code tools/xenstored}): one tree of nodes with permissions, watches, transactions and
 * quotas, and the connections of its clients: dom0's local sockets ({@link #openSocket()}, privileged, domid 0) and
 * each introduced domain's ring ({@link #serviceRing}). Requests are handled by {@link XsDispatcher} as {@code
 * process_message} of {@code core.c} does.
 *
 * <p>Pure and deterministic: no hypercalls, no clock; the host glue ({@link XenstoredHost}) maps pages and binds
 * ports, calls {@link #serviceRing} from the handler of a domain's store port, and charges {@link #takeCostNs()} to
 * dom0. Single-threaded: every method runs inside the dom0 step that calls it. Nothing a guest writes into its ring
 * makes a method throw: bad requests get {@code XS_ERROR} replies, bad framing or corrupt indices drop that
 * domain's connection only.
 */
public final class Xenstored {
    private final XenstoredHost host;
    private XenstoreQuota quota;
    private final XsTree tree = new XsTree();
    private final List<XsConnection> connections = new ArrayList<>();
    private final TreeMap<Integer, XsDomain> domains = new TreeMap<>();
    private final TreeMap<Integer, Integer> pendingFeatures = new TreeMap<>();
    private final List<String> log = new ArrayList<>();
    private final XsDispatcher dispatcher = new XsDispatcher(this);
    private long costNs;

    /** A daemon with Xen's default quotas ({@link XenstoreQuota#XEN_DEFAULTS}). */
    public Xenstored(XenstoredHost host) {
        this(host, XenstoreQuota.XEN_DEFAULTS);
    }

    /** A daemon with the given quotas on unprivileged domains. */
    public Xenstored(XenstoredHost host, XenstoreQuota quota) {
        this.host = host;
        this.quota = quota;
    }

    /**
     * A new privileged local connection for dom0 code (domid 0), as a client of xenstored's unix socket: its own
     * watches, transactions and watch-event queue.
     */
    public XsSocket openSocket() {
        XsConnection conn = new XsConnection(0, true, null);
        connections.add(conn);
        return new XsSocket(this, conn);
    }

    /**
     * The domain's store port fired ({@code handle_input}/{@code handle_output} of {@code core.c} for a domain
     * connection): writes queued output, then reads and answers every complete request the ring holds, while the
     * domain has fewer than {@link XenstoreQuota#outstanding()} replies waiting ({@code domain_can_read}); a partial
     * message stays buffered for the next call. Notifies the guest once if any byte moved. A corrupt index or a
     * payload length above {@code XENSTORE_PAYLOAD_MAX} ends the connection ({@code ignore_connection}). Unknown or
     * dropped domains are ignored.
     */
    public void serviceRing(int domid) {
        XsDomain d = domains.get(domid);
        if (d == null || d.disconnected) {
            return;
        }
        XsConnection conn = d.conn;
        long consumedBefore = conn.consumed();
        boolean moved = false;
        while (!conn.ignored()) {
            int w = conn.flush();
            if (w < 0) {
                drop(d, XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_RINGIDX, "corrupt response ring");
                break;
            }
            moved |= w > 0;
            if (conn.outstanding() >= quota.outstanding()) {
                break;
            }
            XsRequest req;
            try {
                req = conn.readFrame();
            } catch (XsConnection.FrameError e) {
                moved = true;
                if (e.xenstoreError == XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_PROTO) {
                    drop(d, e.xenstoreError, "Client tried to feed us " + e.len);
                } else {
                    drop(d, e.xenstoreError, "corrupt request ring");
                }
                break;
            }
            if (req == null) {
                break;
            }
            moved = true;
            dispatcher.process(conn, req);
        }
        if (!conn.ignored()) {
            int w = conn.flush();
            if (w < 0) {
                drop(d, XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_RINGIDX, "corrupt response ring");
            }
            moved |= w > 0;
        }
        moved |= conn.consumed() != consumedBefore;
        if (moved && !d.disconnected) {
            conn.channel().notifyPeer();
        }
        flushOthers();
    }

    /** CPU time xenstored spent since the previous call, in nanoseconds ({@link XenstoreCost}); resets the count. */
    public long takeCostNs() {
        long c = costNs;
        costNs = 0;
        return c;
    }

    /**
     * The domain has shut down (seen through {@code VIRQ_DOM_EXC}): the first time, fires {@code @releaseDomain}, as
     * {@code do_check_domain} does for a domain whose state turned to shut down. Its connection stays.
     */
    public void domainShutdown(int domid) {
        XsDomain d = domains.get(domid);
        if (d == null || d.shutdown) {
            return;
        }
        d.shutdown = true;
        fireSpecial(XsPaths.RELEASE_DOMAIN);
        flushOthers();
    }

    /**
     * The domain is dead: drops its connection (watches, transactions, queued data; the host unmaps and unbinds),
     * deletes the nodes it owned and removes it from other nodes' permissions ({@code domain_tree_remove}), forgets
     * the introduction, and fires {@code @releaseDomain} ({@code destroy_domain}). Nothing for a domain never
     * introduced.
     */
    public void domainDied(int domid) {
        XsDomain d = domains.get(domid);
        if (d == null) {
            return;
        }
        destroyDomain(d);
        flushOthers();
    }

    /** Whether {@code domid} has been introduced and not released or dead; dom0, served by its socket, always is. */
    public boolean isIntroduced(int domid) {
        return domid == 0 || domains.containsKey(domid);
    }

    /** The daemon's log lines so far, oldest first (introductions, releases, dropped connections and why). */
    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    // ---- for the socket ----

    byte[] socketRequest(XsConnection conn, byte[] message) {
        XsRequest req = XsRequest.parse(message);
        byte[] reply;
        if (req == null) {
            // A local caller's framing error: answer it rather than drop dom0's own socket.
            reply = XsWire.encode(XsdSockmsgType.XS_ERROR.code, 0, 0, XsWire.strings(XsError.EINVAL));
        } else if (req.payload().length > XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX) {
            reply = XsWire.encode(XsdSockmsgType.XS_ERROR.code, req.reqId(), req.txId(), XsWire.strings(XsError.E2BIG));
        } else {
            dispatcher.process(conn, req);
            reply = conn.takeSocketReply();
        }
        flushOthers();
        return reply;
    }

    // ---- for the handlers ----

    XsTree tree() {
        return tree;
    }

    XenstoreQuota quota() {
        return quota;
    }

    void setQuota(XenstoreQuota q) {
        quota = q;
    }

    XenstoredHost host() {
        return host;
    }

    List<XsConnection> connections() {
        return connections;
    }

    TreeMap<Integer, XsDomain> domains() {
        return domains;
    }

    TreeMap<Integer, Integer> pendingFeatures() {
        return pendingFeatures;
    }

    void cost(long ns) {
        costNs += ns;
    }

    void log(String line) {
        log.add(line);
    }

    /** {@code send_reply}: queues a reply echoing the request's ids; a payload too big becomes {@code E2BIG}. */
    void reply(XsConnection conn, XsRequest req, XsdSockmsgType type, byte[] payload) {
        if (payload.length > XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX) {
            type = XsdSockmsgType.XS_ERROR;
            payload = XsWire.strings(XsError.E2BIG);
        }
        cost(XenstoreCost.PER_BYTE_NS * payload.length);
        conn.queueReply(XsWire.encode(type.code, req.reqId(), req.txId(), payload));
    }

    /** {@code send_ack}: the {@code "OK"} reply. */
    void ack(XsConnection conn, XsRequest req, XsdSockmsgType type) {
        reply(conn, req, type, XsWire.strings("OK"));
    }

    /** {@code send_event}: one watch event for {@code conn}, dropped if over-long, a duplicate, or over quota. */
    void sendEvent(XsConnection conn, String path, String token) {
        byte[] payload = XsWire.strings(path, token);
        if (payload.length > XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX || conn.ignored()) {
            return;
        }
        cost(XenstoreCost.WATCH_EVENT_NS);
        if (conn.isSocket()) {
            conn.queueSocketEvent(new XsWatchEvent(path, token));
            return;
        }
        byte[] msg = XsWire.encode(XsdSockmsgType.XS_WATCH_EVENT.code, 0, 0, payload);
        conn.queueEvent(msg, path, conn.privileged() ? Long.MAX_VALUE : quota.memory());
    }

    /** {@code fire_special_watches}: a special node's watchers, if they may read it. */
    void fireSpecial(String name) {
        XsWatches.fire(this, name, tree.get(name), XsWatches.Match.EXACT, null, tree);
    }

    /**
     * {@code ignore_connection}: a bad client. Writes {@code err} into the page's {@code error} field, forgets the
     * connection's state and asks the host to unmap the page and close the port; the domain stays introduced.
     */
    void drop(XsDomain d, int err, String why) {
        d.conn.ignore();
        d.disconnected = true;
        d.conn.channel().setError(err);
        log("dropping connection of domain " + d.domid + ": " + why + " (XENSTORE_ERROR " + err + ")");
        host.disconnect(d.domid);
    }

    /** {@code destroy_domain}: see {@link #domainDied}; also the end of {@code XS_RELEASE}. */
    void destroyDomain(XsDomain d) {
        d.conn.reset();
        connections.remove(d.conn);
        domains.remove(d.domid);
        XsDomains.treeRemove(this, d.domid);
        if (!d.disconnected) {
            d.disconnected = true;
            host.disconnect(d.domid);
        }
        log("domain " + d.domid + " released");
        fireSpecial(XsPaths.RELEASE_DOMAIN);
    }

    /** Writes other domains' queued output (watch events caused by this call) into their rings. */
    private void flushOthers() {
        for (XsDomain d : List.copyOf(domains.values())) {
            if (d.disconnected || !d.conn.hasOutput()) {
                continue;
            }
            int w = d.conn.flush();
            if (w < 0) {
                drop(d, XenstoreDomainInterfaceDescriptor.XENSTORE_ERROR_RINGIDX, "corrupt response ring");
            } else if (w > 0) {
                d.conn.channel().notifyPeer();
            }
        }
    }

    /** For tests: the store's nodes. */
    java.util.Map<String, XsNode> nodes() {
        return tree.snapshot();
    }

    /** For log lines and tests: a value as text. */
    static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
