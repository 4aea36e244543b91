package org.pvsim.guest.xenstore;

import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XsdErrors;

/**
 * One attempt at a transaction run by {@link XenstoreClient#transaction}: its id (the {@code tx_id} the body's
 * requests carry) and how it ends. {@link #commit} sends {@code XS_TRANSACTION_END "T"}: on {@code EAGAIN} (another
 * connection changed a node this one read) the body runs again in a fresh transaction, up to {@link
 * #MAX_ATTEMPTS} times, as {@code xenbus_switch_state} and {@code shutdown_handler} loop in Linux; any other reply
 * goes to the done handler. {@link #abort} sends {@code "F"} and hands the done handler the reply it is given.
 *
 * <p>Invariant: an attempt ends once; a second {@code commit}/{@code abort} is ignored (a kernel bug, logged).
 */
public final class XsTransaction {
    /**
     * Attempts at most before the done handler gets the last {@code EAGAIN}: Linux loops forever; a bound keeps a
     * hostile or livelocked xenstored from keeping the kernel busy.
     */
    public static final int MAX_ATTEMPTS = 64;

    private final XenstoreClient client;
    private final XsTransactionBody body;
    private final XsReplyHandler done;
    private final int id;
    private final int attempt;
    private boolean ended;

    XsTransaction(XenstoreClient client, XsTransactionBody body, XsReplyHandler done, int id, int attempt) {
        this.client = client;
        this.body = body;
        this.done = done;
        this.id = id;
        this.attempt = attempt;
    }

    /** The transaction's id: pass it as the {@code tx} of the body's requests. */
    public int id() {
        return id;
    }

    /** Which attempt this is, from 1. */
    public int attempt() {
        return attempt;
    }

    /**
     * Commits: {@code XS_TRANSACTION_END "T"}. The done handler gets the end's reply ({@code OK} or an error), except
     * {@code EAGAIN}, which runs the body again (until {@link #MAX_ATTEMPTS}).
     */
    public void commit(GuestCpu cpu) {
        if (end(cpu, "commit")) {
            return;
        }
        int rc = client.bind(cpu).transactionEnd(id, true, (c, reply) -> {
            if (reply.isError(XsdErrors.EAGAIN) && attempt < MAX_ATTEMPTS) {
                client.bind(c).startTransaction(body, done, attempt + 1);
            } else {
                done.reply(c, reply);
            }
        });
        if (rc < 0) {
            done.reply(cpu, XsReply.error(0, id, XenstoreClient.errnoName(rc)));
        }
    }

    /**
     * Aborts: {@code XS_TRANSACTION_END "F"}; once it is answered the done handler gets {@code why} (the reply that
     * made the body give up), or the end's own reply if {@code why} is null.
     */
    public void abort(GuestCpu cpu, XsReply why) {
        if (end(cpu, "abort")) {
            return;
        }
        int rc = client.bind(cpu).transactionEnd(id, false, (c, reply) -> done.reply(c, why != null ? why : reply));
        if (rc < 0) {
            done.reply(cpu, why != null ? why : XsReply.error(0, id, XenstoreClient.errnoName(rc)));
        }
    }

    private boolean end(GuestCpu cpu, String how) {
        if (ended) {
            client.log(cpu, "xenbus: transaction " + id + " ended twice (" + how + " ignored)");
            return true;
        }
        ended = true;
        return false;
    }
}
