package org.pvsim.guest.xenstore;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * The operations of one attempt at a transaction ({@link XenstoreClient#transaction}): issued with {@link
 * XsTransaction#id()} as their {@code tx_id}, and ended by calling {@link XsTransaction#commit} or {@link
 * XsTransaction#abort} exactly once, from this call or from a reply handler it set up. On {@code EAGAIN} at commit
 * the whole body runs again in a new transaction, as Linux's callers of {@code xenbus_transaction_end} loop.
 */
@FunctionalInterface
public interface XsTransactionBody {
    /** Runs one attempt of the transaction {@code tx}. */
    void run(GuestCpu cpu, XsTransaction tx);
}
