package org.pvsim.dom0.xenstore;

import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * The table of requests ({@code wire_funcs[]} of {@code core.c}) and {@code process_message}: an unknown type (or one
 * only xenstored sends) is {@code ENOSYS}; a privileged-only type from an unprivileged domain {@code EACCES}; a
 * {@code tx_id} naming no open transaction {@code ENOENT} (except for {@code WATCH}/{@code UNWATCH}, which ignore
 * it); then the handler runs against the transaction's view or the store, and its {@link XsError} becomes the {@code
 * XS_ERROR} reply.
 */
final class XsDispatcher {
    private final Xenstored xs;
    private final XsNodeRequests nodes;
    private final XsWatches watches;
    private final XsTransactions transactions;
    private final XsDomains domains;

    XsDispatcher(Xenstored xs) {
        this.xs = xs;
        this.nodes = new XsNodeRequests(xs);
        this.watches = new XsWatches(xs);
        this.transactions = new XsTransactions(xs);
        this.domains = new XsDomains(xs);
    }

    /** Handles one request; exactly one reply is queued on {@code conn}. */
    void process(XsConnection conn, XsRequest req) {
        xs.cost(XenstoreCost.REQUEST_BASE_NS + XenstoreCost.PER_BYTE_NS * req.payload().length);
        XsdSockmsgType type = XsdSockmsgType.ofCode(req.type() & 0xFFFF_FFFFL);
        try {
            if (type == null || type == XsdSockmsgType.XS_WATCH_EVENT || type == XsdSockmsgType.XS_ERROR) {
                throw new XsError(XsError.ENOSYS);
            }
            if (privilegedOnly(type) && !conn.privileged()) {
                throw new XsError(XsError.EACCES);
            }
            XsTransaction tx = null;
            if (type != XsdSockmsgType.XS_WATCH && type != XsdSockmsgType.XS_UNWATCH && req.txId() != 0) {
                tx = conn.transactions().get(req.txId());
                if (tx == null) {
                    throw new XsError(XsError.ENOENT);
                }
            }
            NodeView view = tx != null ? tx : xs.tree();
            switch (type) {
                case XS_CONTROL -> domains.control(conn, req);
                case XS_DIRECTORY -> nodes.directory(conn, req, view);
                case XS_READ -> nodes.read(conn, req, view);
                case XS_GET_PERMS -> nodes.getPerms(conn, req, view);
                case XS_WATCH -> watches.watch(conn, req);
                case XS_UNWATCH -> watches.unwatch(conn, req);
                case XS_TRANSACTION_START -> transactions.start(conn, req, tx);
                case XS_TRANSACTION_END -> transactions.end(conn, req, tx);
                case XS_INTRODUCE -> domains.introduce(conn, req);
                case XS_RELEASE -> domains.release(conn, req);
                case XS_GET_DOMAIN_PATH -> domains.getDomainPath(conn, req);
                case XS_WRITE -> nodes.write(conn, req, view);
                case XS_MKDIR -> nodes.mkdir(conn, req, view);
                case XS_RM -> nodes.rm(conn, req, view);
                case XS_SET_PERMS -> nodes.setPerms(conn, req, view);
                case XS_IS_DOMAIN_INTRODUCED -> domains.isDomainIntroduced(conn, req);
                case XS_RESUME -> domains.resume(conn, req);
                case XS_SET_TARGET -> domains.setTarget(conn, req);
                case XS_RESET_WATCHES -> domains.resetWatches(conn, req);
                case XS_DIRECTORY_PART -> nodes.directoryPart(conn, req, view);
                case XS_GET_FEATURE -> domains.getFeature(conn, req);
                case XS_SET_FEATURE -> domains.setFeature(conn, req);
                case XS_GET_QUOTA -> domains.getQuota(conn, req);
                case XS_SET_QUOTA -> domains.setQuota(conn, req);
                default -> throw new XsError(XsError.ENOSYS);
            }
        } catch (XsError e) {
            xs.reply(conn, req, XsdSockmsgType.XS_ERROR, XsWire.strings(e.errno));
        }
    }

    /** {@code XS_FLAG_PRIV} of {@code wire_funcs[]}. */
    private static boolean privilegedOnly(XsdSockmsgType type) {
        return switch (type) {
            case XS_CONTROL,
                    XS_INTRODUCE,
                    XS_RELEASE,
                    XS_IS_DOMAIN_INTRODUCED,
                    XS_RESUME,
                    XS_SET_TARGET,
                    XS_SET_FEATURE,
                    XS_GET_QUOTA,
                    XS_SET_QUOTA -> true;
            default -> false;
        };
    }
}
