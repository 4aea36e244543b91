package org.pvsim.dom0.xenstore;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the store ({@code struct node} of {@code core.c}): its value bytes, its permission list (owner first),
 * the names of its children in creation order, and its generation count (the global count when it was last written,
 * which transactions compare at commit). Immutable: a change makes a new node, so a transaction's view and the store
 * never share a mutable object.
 */
record XsNode(byte[] value, List<XsPermission> perms, List<String> children, long generation) {
    /** {@code NO_GENERATION}: a node not (yet) in the store. */
    static final long NO_GENERATION = -1;

    /** {@code sizeof(struct node_hdr)}: generation, num_perms, datalen, childlen. */
    private static final int HDR_SIZE = 16;
    /** {@code sizeof(struct xs_permissions)}: a domid and a permission word. */
    private static final int PERM_SIZE = 8;

    XsNode {
        perms = List.copyOf(perms);
        children = List.copyOf(children);
    }

    /** The node's owner, {@code perms[0].id}. */
    int owner() {
        return perms.get(0).domid();
    }

    XsNode withValue(byte[] v) {
        return new XsNode(v, perms, children, generation);
    }

    XsNode withPerms(List<XsPermission> p) {
        return new XsNode(value, p, children, generation);
    }

    XsNode withChild(String name) {
        List<String> c = new ArrayList<>(children);
        c.add(name);
        return new XsNode(value, perms, c, generation);
    }

    XsNode withoutChild(String name) {
        List<String> c = new ArrayList<>(children);
        c.remove(name);
        return new XsNode(value, perms, c, generation);
    }

    XsNode withGeneration(long g) {
        return new XsNode(value, perms, children, g);
    }

    /** Bytes of the children list on the wire: each name and its NUL ({@code hdr.childlen}). */
    int childLen() {
        int n = 0;
        for (String c : children) {
            n += c.length() + 1;
        }
        return n;
    }

    /** The size {@code calc_node_acc_size} charges against the {@code node-size} quota. */
    int accountedSize() {
        return HDR_SIZE + PERM_SIZE * perms.size() + value.length + childLen();
    }
}
