package org.pvsim.dom0.xenstore;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's nodes by full path (the tdb/hashtable of {@code core.c}), the global generation count ({@code
 * generation} of {@code transaction.c}: every write or delete takes the next value) and the count of nodes each
 * domain owns ({@code ACC_NODES} accounting). Ordered maps only: iteration is deterministic.
 */
final class XsTree implements NodeView {
    private final TreeMap<String, XsNode> nodes = new TreeMap<>();
    private final TreeMap<Integer, Integer> owned = new TreeMap<>();
    private long generation;

    /**
     * The initial store of {@code setup_structure}: {@code /}, {@code /tool}, {@code /tool/xenstored}, owned by
     * dom0 with no access for others, and the special nodes {@code @introduceDomain} (dom0 only) and {@code
     * @releaseDomain} (readable by every domain through a {@code DOMID_ANY} entry).
     */
    XsTree() {
        List<XsPermission> dom0Only = List.of(new XsPermission(0, XsPermission.NONE));
        put("/", new XsNode(new byte[0], dom0Only, List.of("tool"), 0));
        put("/tool", new XsNode(new byte[0], dom0Only, List.of("xenstored"), 0));
        put("/tool/xenstored", new XsNode(new byte[0], dom0Only, List.of(), 0));
        put(
                XsPaths.RELEASE_DOMAIN,
                new XsNode(
                        new byte[0],
                        List.of(
                                new XsPermission(0, XsPermission.NONE),
                                new XsPermission(XsPerms.DOMID_ANY, XsPermission.READ)),
                        List.of(),
                        0));
        put(XsPaths.INTRODUCE_DOMAIN, new XsNode(new byte[0], dom0Only, List.of(), 0));
    }

    @Override
    public XsNode get(String path) {
        return nodes.get(path);
    }

    @Override
    public void put(String path, XsNode node) {
        XsNode old = nodes.put(path, node.withGeneration(++generation));
        if (old != null) {
            count(old.owner(), -1);
        }
        count(node.owner(), +1);
    }

    @Override
    public void remove(String path) {
        XsNode old = nodes.remove(path);
        if (old != null) {
            generation++;
            count(old.owner(), -1);
        }
    }

    @Override
    public int owned(int domid) {
        return owned.getOrDefault(domid, 0);
    }

    @Override
    public XsTransaction transaction() {
        return null;
    }

    /** Takes the next global generation (a transaction's start). */
    long nextGeneration() {
        return ++generation;
    }

    /** The generation of the node at {@code path} now, or {@link XsNode#NO_GENERATION}. */
    long generationOf(String path) {
        XsNode n = nodes.get(path);
        return n == null ? XsNode.NO_GENERATION : n.generation();
    }

    /** Every path, in order (for walks that may delete nodes: a copy). */
    List<String> paths() {
        return List.copyOf(nodes.keySet());
    }

    /** The whole store, read-only (tests compare it with a model). */
    Map<String, XsNode> snapshot() {
        return java.util.Collections.unmodifiableMap(nodes);
    }

    private void count(int domid, int delta) {
        int n = owned.getOrDefault(domid, 0) + delta;
        if (n == 0) {
            owned.remove(domid);
        } else {
            owned.put(domid, n);
        }
    }
}
