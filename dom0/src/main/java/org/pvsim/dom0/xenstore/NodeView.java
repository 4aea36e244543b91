package org.pvsim.dom0.xenstore;

/**
 * The nodes a request sees: the store itself ({@link XsTree}) or a transaction's view of it ({@link XsTransaction}),
 * as {@code read_node}/{@code write_node}/{@code db_delete} of {@code core.c} go to the transaction's copy when the
 * connection has one.
 */
interface NodeView {
    /** The node at {@code path}, or {@code null}. */
    XsNode get(String path);

    /** Stores {@code node} at {@code path} (created or replaced). */
    void put(String path, XsNode node);

    /** Deletes the node at {@code path} (its children are the caller's business). */
    void remove(String path);

    /** Nodes owned by {@code domid} as this view sees them ({@code ACC_NODES}). */
    int owned(int domid);

    /** The transaction this view is, or {@code null} for the store. */
    XsTransaction transaction();
}
