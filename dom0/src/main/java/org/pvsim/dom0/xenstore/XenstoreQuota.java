package org.pvsim.dom0.xenstore;

/**
 * xenstored's hard quotas on each unprivileged domain ({@code quotas[]} in {@code tools/xenstored/domain.c}, set on
 * the command line with {@code -E}, {@code -S}, {@code -t}, {@code -W}, {@code -A}, {@code -M}, {@code -Q}). Dom0 and
 * other privileged connections are not limited, as {@code domain_is_unprivileged} exempts them.
 *
 * @param nodes {@code ACC_NODES} "nodes": nodes a domain may own; a new node beyond it is refused with {@code ENOSPC}
 * @param watches {@code ACC_WATCH} "watches": watches per domain; one more is {@code ENOSPC}
 * @param outstanding {@code ACC_OUTST} "outstanding": replies waiting to be delivered to a domain; at the limit
 *     xenstored stops reading the domain's ring until the guest consumes replies
 * @param transactions {@code ACC_TRANS} "transactions": open transactions per domain; one more is {@code ENOSPC}
 * @param transactionNodes {@code ACC_TRANSNODES} "transaction-nodes": nodes a transaction may touch; beyond, {@code
 *     ENOSPC}
 * @param nodePermissions {@code ACC_NPERM} "node-permissions": entries of a node's permission list (the owner's
 *     included); more is {@code ENOSPC}
 * @param pathMax {@code ACC_PATHLEN} "path-max": the longest path an unprivileged domain may name, not counting a
 *     leading {@code /local/domain/<id>/}; longer is {@code EINVAL}, as {@code canonicalize} checks it
 * @param nodeSize {@code ACC_NODESZ} "node-size": bytes of a node (value, permissions, children names); larger is
 *     {@code ENOSPC}
 * @param memory {@code ACC_MEM} "memory": bytes of replies and watch events queued for a domain; beyond it xenstored
 *     stops reading the domain's requests and drops new watch events for it (pvsim charges only queued output
 *     against it, not the nodes' memory as Xen does)
 */
public record XenstoreQuota(
        int nodes,
        int watches,
        int outstanding,
        int transactions,
        int transactionNodes,
        int nodePermissions,
        int pathMax,
        int nodeSize,
        int memory) {

    /** Xen's defaults: 1000 nodes, 128 watches, 20 outstanding, 10 transactions, 1024 transaction nodes, 5 permission
     * entries, paths of {@code XENSTORE_REL_PATH_MAX} (2048), nodes of 2048 bytes and 2.5 MiB of memory. */
    public static final XenstoreQuota XEN_DEFAULTS =
            new XenstoreQuota(1000, 128, 20, 10, 1024, 5, 2048, 2048, 2 * 1024 * 1024 + 512 * 1024);

    /** Checks every limit is positive. */
    public XenstoreQuota {
        if (nodes <= 0
                || watches <= 0
                || outstanding <= 0
                || transactions <= 0
                || transactionNodes <= 0
                || nodePermissions <= 0
                || pathMax <= 0
                || nodeSize <= 0
                || memory <= 0) {
            throw new IllegalArgumentException("xenstore quotas must be positive");
        }
    }
}
