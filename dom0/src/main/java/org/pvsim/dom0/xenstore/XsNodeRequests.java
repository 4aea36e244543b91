package org.pvsim.dom0.xenstore;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * The requests on nodes ({@code do_read}, {@code do_write}, {@code do_mkdir}, {@code do_rm}, {@code send_directory},
 * {@code send_directory_part}, {@code do_get_perms}, {@code do_set_perms} of {@code core.c}), with Xen's order of
 * checks: path syntax ({@code EINVAL}), then permission on the node, then existence; a missing or forbidden node
 * reports {@code EACCES} rather than {@code ENOENT} unless the caller may access its nearest existing ancestor
 * ({@code errno_from_parents}), so a domain learns nothing about nodes it may not see.
 */
final class XsNodeRequests {
    /** A looked-up node: the canonical name, the node (or {@code null}), and the errno if {@code null}. */
    record Lookup(String name, XsNode node, String errno) {}

    private final Xenstored xs;

    XsNodeRequests(Xenstored xs) {
        this.xs = xs;
    }

    /** {@code get_node}: canonicalizes {@code arg} and checks {@code perm} on the node. */
    Lookup lookup(XsConnection conn, NodeView view, String arg, int perm, boolean allowSpecial) {
        String name = XsPaths.canonicalize(
                arg, conn.domid(), conn.privileged(), xs.quota().pathMax(), allowSpecial);
        XsNode node = view.get(name);
        String err = null;
        if (node != null && (XsPerms.forConn(conn, node.perms()) & perm) != perm) {
            err = XsError.EACCES;
            node = null;
        } else if (node == null) {
            err = XsError.ENOENT;
        }
        if (err != null) {
            err = errnoFromParents(conn, view, name, err, perm);
        }
        return new Lookup(name, node, err);
    }

    /** {@code errno_from_parents}: the errno stays only if the nearest existing ancestor grants any of {@code perm}. */
    private static String errnoFromParents(XsConnection conn, NodeView view, String name, String err, int perm) {
        String p = name;
        XsNode parent;
        do {
            p = XsPaths.parent(p);
            parent = view.get(p);
        } while (parent == null && !p.equals("/"));
        int parentPerm = parent == null ? 0 : XsPerms.forConn(conn, parent.perms());
        return (parentPerm & perm) != 0 ? err : XsError.EACCES;
    }

    private static XsNode need(Lookup l) {
        if (l.node() == null) {
            throw new XsError(l.errno());
        }
        return l.node();
    }

    void read(XsConnection conn, XsRequest req, NodeView view) {
        XsNode n = need(lookup(conn, view, XsWire.onearg(req.payload()), XsPerms.READ, false));
        xs.reply(conn, req, XsdSockmsgType.XS_READ, n.value());
    }

    /** {@code do_write}: path, NUL, then the value (the rest of the payload, NULs included). */
    void write(XsConnection conn, XsRequest req, NodeView view) {
        byte[] p = req.payload();
        int nul = indexOfNul(p);
        if (nul < 0) {
            throw new XsError(XsError.EINVAL);
        }
        String path = new String(p, 0, nul, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] value = java.util.Arrays.copyOfRange(p, nul + 1, p.length);
        Lookup l = lookup(conn, view, path, XsPerms.WRITE, false);
        if (l.node() == null) {
            if (!l.errno().equals(XsError.ENOENT)) {
                throw new XsError(l.errno());
            }
            createNode(conn, view, l.name(), value);
        } else {
            XsNode n = l.node().withValue(value);
            checkSize(conn, n);
            view.put(l.name(), n);
            xs.cost(XenstoreCost.NODE_WRITE_NS);
        }
        XsWatches.fire(xs, l.name(), view.get(l.name()), XsWatches.Match.SUBTREE, null, view);
        xs.ack(conn, req, XsdSockmsgType.XS_WRITE);
    }

    void mkdir(XsConnection conn, XsRequest req, NodeView view) {
        Lookup l = lookup(conn, view, XsWire.onearg(req.payload()), XsPerms.WRITE, false);
        if (l.node() == null) {
            if (!l.errno().equals(XsError.ENOENT)) {
                throw new XsError(l.errno());
            }
            createNode(conn, view, l.name(), new byte[0]);
            XsWatches.fire(xs, l.name(), view.get(l.name()), XsWatches.Match.SUBTREE, null, view);
        }
        xs.ack(conn, req, XsdSockmsgType.XS_MKDIR);
    }

    /**
     * {@code construct_node}/{@code create_node}: creates {@code name} and every missing ancestor. A new node copies
     * its parent's permissions, and an unprivileged creator becomes its owner. Quotas: each new node counts against
     * the creator's {@code nodes}, and every node written (the new ones and the existing parent gaining a child)
     * against {@code node-size}; either refusal is {@code ENOSPC} and leaves the store as it was.
     */
    void createNode(XsConnection conn, NodeView view, String name, byte[] value) {
        List<String> missing = new ArrayList<>();
        String p = name;
        XsNode parent;
        do {
            missing.add(0, p);
            p = XsPaths.parent(p);
            parent = view.get(p);
        } while (parent == null && !p.equals("/"));
        if (parent == null) {
            throw new XsError(XsError.EINVAL);
        }
        if (!conn.privileged()
                && view.owned(conn.domid()) + missing.size() > xs.quota().nodes()) {
            throw new XsError(XsError.ENOSPC);
        }
        // Build bottom-up sizes first so nothing is written if a quota refuses.
        List<XsNode> built = new ArrayList<>();
        List<XsPermission> perms = parent.perms();
        if (!conn.privileged()) {
            List<XsPermission> own = new ArrayList<>(perms);
            own.set(0, new XsPermission(conn.domid(), perms.get(0).perm()));
            perms = own;
        }
        for (int i = 0; i < missing.size(); i++) {
            byte[] v = i == missing.size() - 1 ? value : new byte[0];
            List<String> kids = i == missing.size() - 1 ? List.of() : List.of(XsPaths.basename(missing.get(i + 1)));
            XsNode n = new XsNode(v, perms, kids, XsNode.NO_GENERATION);
            checkSize(conn, n);
            built.add(n);
        }
        XsNode newParent = parent.withChild(XsPaths.basename(missing.get(0)));
        checkSize(conn, newParent);
        view.put(p, newParent);
        for (int i = 0; i < missing.size(); i++) {
            view.put(missing.get(i), built.get(i));
        }
        xs.cost(XenstoreCost.NODE_WRITE_NS * (missing.size() + 1));
    }

    /** {@code do_rm}: a missing node is fine if its parent exists; {@code /} cannot go. */
    void rm(XsConnection conn, XsRequest req, NodeView view) {
        Lookup l = lookup(conn, view, XsWire.onearg(req.payload()), XsPerms.WRITE, false);
        if (l.node() == null) {
            if (l.errno().equals(XsError.ENOENT) && view.get(XsPaths.parent(l.name())) != null) {
                xs.ack(conn, req, XsdSockmsgType.XS_RM);
                return;
            }
            throw new XsError(l.errno());
        }
        if (l.name().equals("/")) {
            throw new XsError(XsError.EINVAL);
        }
        rmNode(xs, view, l.name());
        xs.ack(conn, req, XsdSockmsgType.XS_RM);
    }

    /**
     * {@code rm_node}: deletes {@code name} and its subtree, children first, firing each child's exact watchers and
     * the subtree's watchers for {@code name} itself while the nodes' permissions are still visible ({@code
     * delnode_sub}); then removes the name from its parent.
     */
    static void rmNode(Xenstored xs, NodeView view, String name) {
        XsNode parent = view.get(XsPaths.parent(name));
        if (parent == null) {
            throw new XsError(XsError.EINVAL);
        }
        deleteSubtree(xs, view, name, name);
        view.put(XsPaths.parent(name), view.get(XsPaths.parent(name)).withoutChild(XsPaths.basename(name)));
    }

    private static void deleteSubtree(Xenstored xs, NodeView view, String root, String name) {
        XsNode n = view.get(name);
        if (n == null) {
            return;
        }
        for (String c : n.children()) {
            deleteSubtree(xs, view, root, XsPaths.child(name, c));
        }
        XsWatches.fire(xs, name, n, name.equals(root) ? XsWatches.Match.SUBTREE : XsWatches.Match.EXACT, null, view);
        view.remove(name);
        xs.cost(XenstoreCost.NODE_WRITE_NS);
    }

    /** {@code send_directory}: the children's names, each NUL-terminated. */
    void directory(XsConnection conn, XsRequest req, NodeView view) {
        XsNode n = need(lookup(conn, view, XsWire.onearg(req.payload()), XsPerms.READ, false));
        xs.reply(conn, req, XsdSockmsgType.XS_DIRECTORY, childBytes(n));
    }

    /**
     * {@code send_directory_part}: path and byte offset into the children list; replies the node's generation, then
     * as many whole names from the offset as fit in a payload, then an empty string if the list ends there.
     */
    void directoryPart(XsConnection conn, XsRequest req, NodeView view) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() != 2) {
            throw new XsError(XsError.EINVAL);
        }
        XsNode n = need(lookup(conn, view, args.get(0), XsPerms.READ, false));
        long off = atoi(args.get(1)) & 0xFFFF_FFFFL;
        byte[] children = childBytes(n);
        byte[] gen = (Long.toString(Math.max(n.generation(), 0)) + "\0")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gen, 0, gen.length);
        if (off >= children.length) {
            out.write(0);
            xs.reply(conn, req, XsdSockmsgType.XS_DIRECTORY_PART, out.toByteArray());
            return;
        }
        int maxlen = XsdSockmsgDescriptor.XENSTORE_PAYLOAD_MAX - gen.length - 1;
        int start = (int) off;
        int len = 0;
        int child = start;
        while (true) {
            int clen = strlen(children, child);
            if (len + clen >= maxlen) {
                break;
            }
            len += clen + 1;
            child += clen + 1;
            if (start + len == children.length) {
                break;
            }
        }
        out.write(children, start, len);
        if (start + len == children.length) {
            out.write(0);
        }
        xs.reply(conn, req, XsdSockmsgType.XS_DIRECTORY_PART, out.toByteArray());
    }

    void getPerms(XsConnection conn, XsRequest req, NodeView view) {
        XsNode n = need(lookup(conn, view, XsWire.onearg(req.payload()), XsPerms.READ, true));
        String[] s = new String[n.perms().size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = n.perms().get(i).toString();
        }
        xs.reply(conn, req, XsdSockmsgType.XS_GET_PERMS, XsWire.strings(s));
    }

    /**
     * {@code do_set_perms}: path, then one entry per string. Needs ownership (or privilege); an unprivileged owner
     * may not hand the node to another domain ({@code EPERM}); more entries than {@code node-permissions} is {@code
     * ENOSPC}.
     */
    void setPerms(XsConnection conn, XsRequest req, NodeView view) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() < 2) {
            throw new XsError(XsError.EINVAL);
        }
        int num = args.size() - 1;
        if (!conn.privileged() && num > xs.quota().nodePermissions()) {
            throw new XsError(XsError.ENOSPC);
        }
        List<XsPermission> perms = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            XsPermission p = XsPermission.parse(args.get(i));
            if (p == null) {
                throw new XsError(XsError.EINVAL);
            }
            perms.add(p);
        }
        Lookup l = lookup(conn, view, args.get(0), XsPerms.WRITE | XsPerms.OWNER, true);
        XsNode n = need(l);
        if (!conn.privileged() && perms.get(0).domid() != n.owner()) {
            throw new XsError(XsError.EPERM);
        }
        List<XsPermission> old = n.perms();
        XsNode changed = n.withPerms(perms);
        checkSize(conn, changed);
        view.put(l.name(), changed);
        xs.cost(XenstoreCost.NODE_WRITE_NS);
        XsWatches.fire(xs, l.name(), changed, XsWatches.Match.SUBTREE, old, view);
        xs.ack(conn, req, XsdSockmsgType.XS_SET_PERMS);
    }

    /** {@code write_node_raw}'s {@code ACC_NODESZ} check for unprivileged writers. */
    private void checkSize(XsConnection conn, XsNode n) {
        if (!conn.privileged() && n.accountedSize() > xs.quota().nodeSize()) {
            throw new XsError(XsError.ENOSPC);
        }
    }

    static byte[] childBytes(XsNode n) {
        return XsWire.strings(n.children().toArray(new String[0]));
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int strlen(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != 0) {
            i++;
        }
        return i - from;
    }

    /** C's {@code atoi}: optional blanks and sign, then digits; anything else ends the number (0 if none). */
    static int atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < 0x1_0000_0000L) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return (int) (neg ? -v : v);
    }
}
