package org.pvsim.dom0.xenstore;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * The requests about domains and connections ({@code domain.c}): {@code INTRODUCE}, {@code RELEASE}, {@code RESUME},
 * {@code GET_DOMAIN_PATH}, {@code IS_DOMAIN_INTRODUCED}, {@code SET_TARGET}, {@code RESET_WATCHES}, {@code
 * GET/SET_FEATURE}, {@code GET/SET_QUOTA}, and a minimal {@code CONTROL}; and {@code domain_tree_remove}, which
 * deletes a departed domain's nodes.
 */
final class XsDomains {
    /** The features this xenstored offers ({@code XENSTORE_FEATURES}): error reporting in the ring page only. */
    static final int FEATURES = XenstoreDomainInterfaceDescriptor.XENSTORE_SERVER_FEATURE_ERROR;

    private static final String[] QUOTA_NAMES = {
        "nodes",
        "watches",
        "outstanding",
        "memory",
        "transactions",
        "transaction-nodes",
        "node-permissions",
        "path-max",
        "node-size"
    };

    private final Xenstored xs;

    XsDomains(Xenstored xs) {
        this.xs = xs;
    }

    /**
     * {@code do_introduce}: domid, page frame, port. The host maps the page and binds the port; failure is {@code
     * EINVAL}. A domain introduced again has its connection reset ({@code domain_conn_reset}). A new domain fires
     * {@code @introduceDomain}. Dom0, served by its socket, cannot be introduced ({@code EINVAL}).
     */
    void introduce(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() < 3) {
            throw new XsError(XsError.EINVAL);
        }
        int domid = domid(args.get(0));
        long mfn = parseUnsigned(args.get(1));
        int port = XsNodeRequests.atoi(args.get(2));
        if (port <= 0 || domid == DomId.DOM0) {
            throw new XsError(XsError.EINVAL);
        }
        XsDomain d = xs.domains().get(domid);
        if (d != null) {
            d.conn.reset();
            xs.ack(conn, req, XsdSockmsgType.XS_INTRODUCE);
            return;
        }
        XsRingChannel channel = xs.host().connect(domid, mfn, port);
        if (channel == null) {
            xs.log("introduce of domain " + domid + " failed: cannot map its page or bind port " + port);
            throw new XsError(XsError.EINVAL);
        }
        XsConnection dc = new XsConnection(domid, false, channel);
        d = new XsDomain(domid, mfn, port, dc);
        xs.connections().add(dc);
        xs.domains().put(domid, d);
        xs.pendingFeatures().remove(domid);
        xs.log("introduced domain " + domid + " (mfn " + Long.toHexString(mfn) + ", port " + port + ")");
        xs.ack(conn, req, XsdSockmsgType.XS_INTRODUCE);
        xs.fireSpecial(XsPaths.INTRODUCE_DOMAIN);
    }

    /** {@code do_release}: drops the domain's watches first (no events for its own nodes' deletion), then destroys. */
    void release(XsConnection conn, XsRequest req) {
        XsDomain d = onearg(req);
        d.conn.watches().clear();
        xs.destroyDomain(d);
        xs.ack(conn, req, XsdSockmsgType.XS_RELEASE);
    }

    /** {@code do_resume}: the domain runs again after a suspend; its next shutdown fires {@code @releaseDomain}. */
    void resume(XsConnection conn, XsRequest req) {
        XsDomain d = onearg(req);
        d.shutdown = false;
        xs.ack(conn, req, XsdSockmsgType.XS_RESUME);
    }

    /** {@code do_get_domain_path}: {@code /local/domain/<domid>} for any valid domid, introduced or not. */
    void getDomainPath(XsConnection conn, XsRequest req) {
        String arg = XsWire.onearg(req.payload());
        if (arg == null) {
            throw new XsError(XsError.EINVAL);
        }
        xs.reply(conn, req, XsdSockmsgType.XS_GET_DOMAIN_PATH, XsWire.strings(XsPaths.home(domid(arg))));
    }

    /** {@code do_is_domain_introduced}: {@code "T"} or {@code "F"}; {@code DOMID_SELF} is always {@code "T"}. */
    void isDomainIntroduced(XsConnection conn, XsRequest req) {
        String arg = XsWire.onearg(req.payload());
        if (arg == null) {
            throw new XsError(XsError.EINVAL);
        }
        int domid = domid(arg);
        boolean yes = domid == DomId.DOMID_SELF || xs.isIntroduced(domid);
        xs.reply(conn, req, XsdSockmsgType.XS_IS_DOMAIN_INTRODUCED, XsWire.strings(yes ? "T" : "F"));
    }

    /**
     * {@code do_set_target}: domain, target. The first domain (a device model's stub domain) then acts on the
     * target's nodes as if it were the target ({@code perm_allows_conn}). Both must be connected ({@code ENOENT}).
     */
    void setTarget(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() < 2) {
            throw new XsError(XsError.EINVAL);
        }
        int domid = domid(args.get(0));
        int target = domid(args.get(1));
        XsDomain d = connected(domid);
        connected(target);
        d.conn.setTarget(target);
        xs.ack(conn, req, XsdSockmsgType.XS_SET_TARGET);
    }

    /** {@code do_reset_watches}: the connection's watches and transactions go. */
    void resetWatches(XsConnection conn, XsRequest req) {
        conn.watches().clear();
        conn.transactions().clear();
        xs.ack(conn, req, XsdSockmsgType.XS_RESET_WATCHES);
    }

    /**
     * {@code do_get_feature}: without an argument, the connection's own features; with a domid (privileged only,
     * else {@code EACCES}), that domain's.
     */
    void getFeature(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        int features;
        if (args.isEmpty()) {
            features = FEATURES;
        } else {
            if (!conn.privileged()) {
                throw new XsError(XsError.EACCES);
            }
            if (args.size() > 1) {
                throw new XsError(XsError.EINVAL);
            }
            int domid = domid(args.get(0));
            if (xs.domains().containsKey(domid) || domid == DomId.DOM0) {
                features = FEATURES;
            } else if (xs.pendingFeatures().containsKey(domid)) {
                features = xs.pendingFeatures().get(domid);
            } else {
                throw new XsError(XsError.ENOENT);
            }
        }
        xs.reply(conn, req, XsdSockmsgType.XS_GET_FEATURE, XsWire.strings(Integer.toUnsignedString(features)));
    }

    /**
     * {@code do_set_feature}: domid and features, before the domain is introduced ({@code EBUSY} after); features
     * this xenstored lacks are {@code EINVAL}. pvsim records the value but offers the same features to every domain.
     */
    void setFeature(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() != 2) {
            throw new XsError(XsError.EINVAL);
        }
        int domid = domid(args.get(0));
        int features = XsNodeRequests.atoi(args.get(1));
        if (xs.domains().containsKey(domid)) {
            throw new XsError(XsError.EBUSY);
        }
        if ((features & ~FEATURES) != 0) {
            throw new XsError(XsError.EINVAL);
        }
        xs.pendingFeatures().put(domid, features);
        xs.ack(conn, req, XsdSockmsgType.XS_SET_FEATURE);
    }

    /**
     * {@code do_get_quota}: no argument, the quota names; a name, its global value; a domid and a name, the value
     * for that introduced domain (pvsim has no per-domain quotas: the global one).
     */
    void getQuota(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        String resp;
        if (args.size() > 2) {
            throw new XsError(XsError.EINVAL);
        }
        if (args.isEmpty()) {
            resp = String.join(" ", QUOTA_NAMES);
        } else {
            String name = args.get(args.size() - 1);
            if (args.size() == 2 && !xs.isIntroduced(domid(args.get(0)))) {
                throw new XsError(XsError.ENOENT);
            }
            resp = Integer.toString(quotaValue(xs.quota(), name));
        }
        xs.reply(conn, req, XsdSockmsgType.XS_GET_QUOTA, XsWire.strings(resp));
    }

    /** {@code do_set_quota}: name and value changes the global quota; per-domain quotas are {@code ENOSYS}. */
    void setQuota(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.size() < 2 || args.size() > 3) {
            throw new XsError(XsError.EINVAL);
        }
        if (args.size() == 3) {
            domid(args.get(0));
            throw new XsError(XsError.ENOSYS);
        }
        quotaValue(xs.quota(), args.get(0));
        int v = XsNodeRequests.atoi(args.get(1));
        if (v <= 0) {
            throw new XsError(XsError.EINVAL);
        }
        xs.setQuota(withQuota(xs.quota(), args.get(0), v));
        xs.ack(conn, req, XsdSockmsgType.XS_SET_QUOTA);
    }

    /**
     * {@code do_control}, minimal: {@code print <text>} writes the text to the log; {@code check} answers {@code OK}
     * (the store is kept consistent by construction); other commands are {@code EINVAL}, as unknown ones are in Xen.
     */
    void control(XsConnection conn, XsRequest req) {
        List<String> args = XsWire.split(req.payload());
        if (args.isEmpty()) {
            throw new XsError(XsError.EINVAL);
        }
        switch (args.get(0)) {
            case "print" -> {
                if (args.size() < 2) {
                    throw new XsError(XsError.EINVAL);
                }
                xs.log(args.get(1));
            }
            case "check" -> {}
            default -> throw new XsError(XsError.EINVAL);
        }
        xs.ack(conn, req, XsdSockmsgType.XS_CONTROL);
    }

    /**
     * {@code domain_tree_remove}: every node owned by the departed domain is deleted with its subtree (its watchers
     * are told), and the domain's entries are removed from other nodes' permission lists.
     */
    static void treeRemove(Xenstored xs, int domid) {
        XsTree tree = xs.tree();
        for (String path : tree.paths()) {
            XsNode n = tree.get(path);
            if (n == null) {
                continue;
            }
            if (n.owner() == domid && !path.equals("/") && !path.startsWith("@")) {
                XsNodeRequests.rmNode(xs, tree, path);
                xs.log("orphaned node " + path + " deleted");
                continue;
            }
            List<XsPermission> kept = new ArrayList<>(n.perms().subList(0, 1));
            for (XsPermission p : n.perms().subList(1, n.perms().size())) {
                if (p.domid() != domid) {
                    kept.add(p);
                }
            }
            if (kept.size() != n.perms().size()) {
                tree.put(path, n.withPerms(kept));
            }
        }
    }

    private XsDomain onearg(XsRequest req) {
        String arg = XsWire.onearg(req.payload());
        if (arg == null) {
            throw new XsError(XsError.EINVAL);
        }
        int domid = domid(arg);
        if (domid == DomId.DOM0) {
            throw new XsError(XsError.EINVAL);
        }
        return connected(domid);
    }

    /** {@code find_connected_domain}: {@code ENOENT} if not introduced. */
    private XsDomain connected(int domid) {
        XsDomain d = xs.domains().get(domid);
        if (d == null) {
            throw new XsError(XsError.ENOENT);
        }
        return d;
    }

    private static int domid(String s) {
        int d = XsWire.parseDomid(s);
        if (d < 0) {
            throw new XsError(XsError.EINVAL);
        }
        return d;
    }

    private static long parseUnsigned(String s) {
        long v = 0;
        for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)) && i < 19; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static int quotaValue(XenstoreQuota q, String name) {
        return switch (name) {
            case "nodes" -> q.nodes();
            case "watches" -> q.watches();
            case "outstanding" -> q.outstanding();
            case "memory" -> q.memory();
            case "transactions" -> q.transactions();
            case "transaction-nodes" -> q.transactionNodes();
            case "node-permissions" -> q.nodePermissions();
            case "path-max" -> q.pathMax();
            case "node-size" -> q.nodeSize();
            default -> throw new XsError(XsError.EINVAL);
        };
    }

    private static XenstoreQuota withQuota(XenstoreQuota q, String name, int v) {
        return new XenstoreQuota(
                name.equals("nodes") ? v : q.nodes(),
                name.equals("watches") ? v : q.watches(),
                name.equals("outstanding") ? v : q.outstanding(),
                name.equals("transactions") ? v : q.transactions(),
                name.equals("transaction-nodes") ? v : q.transactionNodes(),
                name.equals("node-permissions") ? v : q.nodePermissions(),
                name.equals("path-max") ? v : q.pathMax(),
                name.equals("node-size") ? v : q.nodeSize(),
                name.equals("memory") ? v : q.memory());
    }
}
