package org.pvsim.dom0.xenstore;

import java.util.List;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * Watches ({@code watch.c}): {@code XS_WATCH} registers a node and a token and fires once at once; afterwards every
 * change to the node or below it fires the watch, an {@code XS_WATCH_EVENT} carrying the changed path (relative to
 * the client's home if the watch was registered relatively) and the token. A client is told only about nodes it may
 * read, or whose parent it may read ({@code watch_permitted}). Changes made inside a transaction fire at its commit.
 */
final class XsWatches {
    /** {@code enum watch_match}, narrower first. */
    enum Match {
        /** Only a watch on exactly this node ({@code MATCH_EXACT}: a child deleted along with its parent). */
        EXACT,
        /** A watch on this node or any ancestor ({@code MATCH_SUBTREE}). */
        SUBTREE
    }

    private final Xenstored xs;

    XsWatches(Xenstored xs) {
        this.xs = xs;
    }

    /**
     * {@code do_watch}: path and token. The path may be relative or special; a second identical watch is {@code
     * EEXIST}; an unprivileged domain's watches beyond {@code watches} are {@code ENOSPC}. Replies, then fires once.
     */
    void watch(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() != 2) {
            throw new XsError(XsError.EINVAL);
        }
        boolean relative = XsPaths.isRelative(args.get(0));
        String node = XsPaths.canonicalize(
                args.get(0), conn.domid(), conn.privileged(), xs.quota().pathMax(), true);
        String token = args.get(1);
        for (XsWatch w : conn.watches()) {
            if (w.node().equals(node) && w.token().equals(token)) {
                throw new XsError(XsError.EEXIST);
            }
        }
        if (!conn.privileged() && conn.watches().size() + 1 > xs.quota().watches()) {
            throw new XsError(XsError.ENOSPC);
        }
        XsWatch w =
                new XsWatch(node, token, relative ? XsPaths.home(conn.domid()).length() + 1 : 0);
        conn.watches().add(w);
        xs.ack(conn, req, XsdSockmsgType.XS_WATCH);
        xs.sendEvent(conn, w.reported(node), token);
    }

    /** {@code do_unwatch}: the same path (canonicalized the same way) and token; none such is {@code ENOENT}. */
    void unwatch(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() != 2) {
            throw new XsError(XsError.EINVAL);
        }
        String node = XsPaths.canonicalize(
                args.get(0), conn.domid(), conn.privileged(), xs.quota().pathMax(), true);
        for (int i = 0; i < conn.watches().size(); i++) {
            XsWatch w = conn.watches().get(i);
            if (w.node().equals(node) && w.token().equals(args.get(1))) {
                conn.watches().remove(i);
                xs.ack(conn, req, XsdSockmsgType.XS_UNWATCH);
                return;
            }
        }
        throw new XsError(XsError.ENOENT);
    }

    /**
     * {@code fire_watches}: inside a transaction, queues the change for its commit; otherwise sends an event to every
     * watch of every connection permitted to see {@code name} whose node matches.
     *
     * @param node the node as it is now (or was, before deletion), {@code null} to look it up in the store
     * @param oldPerms the node's permissions before the change (a permission change or a transaction's first view),
     *     or {@code null}
     */
    static void fire(Xenstored xs, String name, XsNode node, Match match, List<XsPermission> oldPerms, NodeView view) {
        if (view.transaction() != null) {
            view.transaction().queueWatch(name, match);
            return;
        }
        for (XsConnection c : List.copyOf(xs.connections())) {
            if (c.ignored() || c.watches().isEmpty() || !permitted(xs, c, name, node, oldPerms)) {
                continue;
            }
            for (XsWatch w : List.copyOf(c.watches())) {
                boolean send = match == Match.EXACT ? name.equals(w.node()) : isChild(name, w.node());
                if (send) {
                    xs.sendEvent(c, w.reported(name), w.token());
                }
            }
        }
    }

    /** {@code watch_permitted}: read permission on the old permissions, the node, or else its parent. */
    private static boolean permitted(
            Xenstored xs, XsConnection c, String name, XsNode node, List<XsPermission> oldPerms) {
        if (oldPerms != null && (XsPerms.forConn(c, oldPerms) & XsPerms.READ) != 0) {
            return true;
        }
        XsNode n = node != null ? node : xs.tree().get(name);
        if (n == null) {
            return false;
        }
        if ((XsPerms.forConn(c, n.perms()) & XsPerms.READ) != 0) {
            return true;
        }
        XsNode parent = xs.tree().get(XsPaths.parent(name));
        return parent != null && (XsPerms.forConn(c, parent.perms()) & XsPerms.READ) != 0;
    }

    /** {@code is_child} without a depth: {@code child} is {@code parent} or lies below it. */
    static boolean isChild(String child, String parent) {
        int len = parent.length();
        if (!child.startsWith(parent)) {
            return false;
        }
        return len == 1 || child.length() == len || child.charAt(len) == '/';
    }
}
