package org.pvsim.dom0.xenstore;

import java.util.List;
import org.pvsim.hypervisor.abi.DomId;

/**
 * What a connection may do to a node ({@code perm_for_conn} of {@code core.c}): a privileged connection, the node's
 * owner (the first entry), and a domain the owner's entry names through {@code DOMID_ANY} get everything; otherwise
 * the first later entry naming the connection's domain (or its target, after {@code SET_TARGET}, or {@code
 * DOMID_ANY}) decides; otherwise the first entry's permission is the default.
 */
final class XsPerms {
    /** {@code XS_PERM_READ}. */
    static final int READ = 1;
    /** {@code XS_PERM_WRITE}. */
    static final int WRITE = 2;
    /** {@code XS_PERM_OWNER}: may change permissions. */
    static final int OWNER = 8;
    /** {@code DOMID_ANY}: an entry matching every domain. */
    static final int DOMID_ANY = DomId.DOMID_ANY;

    private XsPerms() {}

    /** {@code perm_for_conn}: the {@link #READ}/{@link #WRITE}/{@link #OWNER} bits {@code conn} has on a node. */
    static int forConn(XsConnection conn, List<XsPermission> perms) {
        if (conn.privileged() || allows(conn, perms.get(0))) {
            return READ | WRITE | OWNER;
        }
        for (int i = 1; i < perms.size(); i++) {
            if (allows(conn, perms.get(i))) {
                return bits(perms.get(i));
            }
        }
        return bits(perms.get(0));
    }

    /** {@code perm_allows_conn}: the entry names the connection's domain, its target, or any domain. */
    private static boolean allows(XsConnection conn, XsPermission p) {
        return p.domid() == conn.domid() || p.domid() == conn.target() || p.domid() == DOMID_ANY;
    }

    private static int bits(XsPermission p) {
        return (p.canRead() ? READ : 0) | (p.canWrite() ? WRITE : 0);
    }
}
