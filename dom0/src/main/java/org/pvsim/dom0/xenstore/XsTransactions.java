package org.pvsim.dom0.xenstore;

import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * {@code XS_TRANSACTION_START} and {@code XS_TRANSACTION_END} ({@code transaction.c}). A transaction's reads and writes
 * go to its {@link XsTransaction} view; ending it with {@code "T"} commits if no node it touched changed meanwhile
 * (else {@code EAGAIN}, and the client retries the whole transaction), {@code "F"} discards it. Either way the
 * transaction is gone afterwards.
 */
final class XsTransactions {
    private final Xenstored xs;

    XsTransactions(Xenstored xs) {
        this.xs = xs;
    }

    /**
     * {@code do_transaction_start}: no nesting ({@code EBUSY} when sent inside a transaction); an unprivileged domain
     * may hold {@code transactions} at once ({@code ENOSPC} beyond). Replies the id as decimal text.
     */
    void start(XsConnection conn, XsRequest req, XsTransaction current) {
        if (current != null) {
            throw new XsError(XsError.EBUSY);
        }
        if (!conn.privileged() && conn.transactions().size() + 1 > xs.quota().transactions()) {
            throw new XsError(XsError.ENOSPC);
        }
        xs.tree().nextGeneration();
        int id = conn.allocateTransactionId();
        int maxNodes = conn.privileged() ? Integer.MAX_VALUE : xs.quota().transactionNodes();
        conn.transactions().put(id, new XsTransaction(xs.tree(), id, maxNodes));
        xs.reply(conn, req, XsdSockmsgType.XS_TRANSACTION_START, XsWire.strings(Integer.toUnsignedString(id)));
    }

    /**
     * {@code do_transaction_end}: the argument must be {@code "T"} or {@code "F"} ({@code EINVAL}); the request's
     * {@code tx_id} must name an open transaction ({@code ENOENT}, also for 0). On commit: an unprivileged domain's
     * new nodes are checked against {@code nodes} ({@code ENOSPC}), then the generations ({@code EAGAIN}); then the
     * changes land and the queued watches fire.
     */
    void end(XsConnection conn, XsRequest req, XsTransaction tx) {
        String arg = XsWire.onearg(req.payload());
        if (arg == null || (!arg.equals("T") && !arg.equals("F"))) {
            throw new XsError(XsError.EINVAL);
        }
        if (tx == null) {
            throw new XsError(XsError.ENOENT);
        }
        conn.transactions().remove(tx.id());
        if (arg.equals("T")) {
            if (!conn.privileged()
                    && tx.ownedDelta(conn.domid()) > 0
                    && tx.owned(conn.domid()) > xs.quota().nodes()) {
                throw new XsError(XsError.ENOSPC);
            }
            if (!tx.unchangedSinceAccess()) {
                throw new XsError(XsError.EAGAIN);
            }
            for (XsTransaction.PendingWatch w : tx.commit()) {
                xs.cost(XenstoreCost.NODE_WRITE_NS);
                XsWatches.fire(xs, w.path(), null, w.match(), w.oldPerms(), xs.tree());
            }
        }
        xs.ack(conn, req, XsdSockmsgType.XS_TRANSACTION_END);
    }
}
