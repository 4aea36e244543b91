package org.pvsim.dom0.xenstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One open transaction ({@code struct transaction} of {@code transaction.c}), by Xen's generation-count scheme: the
 * first access to a node records the node's generation (or {@link XsNode#NO_GENERATION}) and copies it into the
 * transaction's view; later accesses use the copy. At commit every recorded generation is compared with the store's:
 * any difference means another connection wrote or deleted the node since, and the commit fails with {@code EAGAIN};
 * otherwise the modified nodes are written to the store (taking new generations) and the watches the transaction
 * queued fire.
 */
final class XsTransaction implements NodeView {
    /** A watch to fire at commit ({@code queue_watches}): the node and how watches match it. */
    record PendingWatch(String path, XsWatches.Match match, List<XsPermission> oldPerms) {}

    private final XsTree tree;
    private final int id;
    private final int maxNodes;
    /** First-access generation of every node touched ({@code accessed_node.generation}). */
    private final LinkedHashMap<String, Long> accessed = new LinkedHashMap<>();
    /** Permissions of every node touched as it was first seen ({@code accessed_node.perms}). */
    private final LinkedHashMap<String, List<XsPermission>> firstPerms = new LinkedHashMap<>();
    /** The transaction's copies; {@code null} value = deleted in the transaction. */
    private final LinkedHashMap<String, XsNode> view = new LinkedHashMap<>();
    /** Nodes modified (written or deleted) in the transaction. */
    private final LinkedHashMap<String, Boolean> modified = new LinkedHashMap<>();

    private final LinkedHashMap<String, PendingWatch> watches = new LinkedHashMap<>();
    private final TreeMap<Integer, Integer> ownedDelta = new TreeMap<>();

    /**
     * @param maxNodes nodes the transaction may touch ({@code ACC_TRANSNODES}), {@link Integer#MAX_VALUE} for a
     *     privileged connection
     */
    XsTransaction(XsTree tree, int id, int maxNodes) {
        this.tree = tree;
        this.id = id;
        this.maxNodes = maxNodes;
    }

    /** The transaction's id, as {@code TRANSACTION_START} returned it and requests name it in {@code tx_id}. */
    int id() {
        return id;
    }

    @Override
    public XsNode get(String path) {
        if (view.containsKey(path)) {
            return view.get(path);
        }
        XsNode n = tree.get(path);
        access(path, n);
        view.put(path, n);
        return n;
    }

    @Override
    public void put(String path, XsNode node) {
        XsNode old = get(path);
        if (old != null) {
            delta(old.owner(), -1);
        }
        delta(node.owner(), +1);
        view.put(path, node);
        modified.put(path, Boolean.TRUE);
    }

    @Override
    public void remove(String path) {
        XsNode old = get(path);
        if (old != null) {
            delta(old.owner(), -1);
        }
        view.put(path, null);
        modified.put(path, Boolean.TRUE);
    }

    @Override
    public int owned(int domid) {
        return tree.owned(domid) + ownedDelta.getOrDefault(domid, 0);
    }

    @Override
    public XsTransaction transaction() {
        return this;
    }

    /** Queues a watch to fire at commit; a node queued twice keeps the wider match ({@code queue_watches}). */
    void queueWatch(String path, XsWatches.Match match) {
        PendingWatch old = watches.get(path);
        if (old == null || match.ordinal() > old.match().ordinal()) {
            watches.put(path, new PendingWatch(path, match, firstPerms.get(path)));
        }
    }

    /** Whether every node touched still has the generation it had at first access ({@code finalize_transaction}). */
    boolean unchangedSinceAccess() {
        for (Map.Entry<String, Long> e : accessed.entrySet()) {
            if (tree.generationOf(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Writes the modified nodes into the store, in first-access order; answers the watches to fire. */
    List<PendingWatch> commit() {
        for (String path : modified.keySet()) {
            XsNode n = view.get(path);
            if (n == null) {
                tree.remove(path);
            } else {
                tree.put(path, n);
            }
        }
        return List.copyOf(watches.values());
    }

    /** Nodes owned by {@code domid} the commit would add ({@code changed_domains}). */
    int ownedDelta(int domid) {
        return ownedDelta.getOrDefault(domid, 0);
    }

    private void access(String path, XsNode n) {
        if (accessed.size() >= maxNodes) {
            throw new XsError(XsError.ENOSPC);
        }
        accessed.put(path, n == null ? XsNode.NO_GENERATION : n.generation());
        if (n != null) {
            firstPerms.put(path, n.perms());
        }
    }

    private void delta(int domid, int d) {
        int n = ownedDelta.getOrDefault(domid, 0) + d;
        if (n == 0) {
            ownedDelta.remove(domid);
        } else {
            ownedDelta.put(domid, n);
        }
    }
}
