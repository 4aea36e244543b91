package org.pvsim.dom0.xenstore;

import java.util.List;

/**
 * A typed synchronous client of xenstored's local socket, as libxenstore's {@code xs_*} calls are for dom0's tools.
 * Every call is encoded as a wire message and answered by the same handler as ring clients.
 */
public final class XsSocket {
    /** {@code XBT_NULL}: no transaction. */
    public static final int XBT_NULL = 0;

    XsSocket() {}

    /** {@code xs_read}. */
    public String read(int tx, String path) throws XsException {
        throw new XsException("ENOSYS", "read " + path);
    }

    /** {@code xs_write}. */
    public void write(int tx, String path, String value) throws XsException {}

    /** {@code xs_mkdir}. */
    public void mkdir(int tx, String path) throws XsException {}

    /** {@code xs_rm}. */
    public void rm(int tx, String path) throws XsException {}

    /** {@code xs_directory}. */
    public List<String> directory(int tx, String path) throws XsException {
        return List.of();
    }

    /** {@code xs_get_permissions}. */
    public List<XsPermission> getPerms(int tx, String path) throws XsException {
        return List.of();
    }

    /** {@code xs_set_permissions}. */
    public void setPerms(int tx, String path, List<XsPermission> perms) throws XsException {}

    /** {@code xs_watch}. */
    public void watch(String path, String token) throws XsException {}

    /** {@code xs_unwatch}. */
    public void unwatch(String path, String token) throws XsException {}

    /** {@code xs_transaction_start}. */
    public int transactionStart() throws XsException {
        return 1;
    }

    /** {@code xs_transaction_end}; false when the commit failed with {@code EAGAIN}. */
    public boolean transactionEnd(int tx, boolean commit) throws XsException {
        return true;
    }

    /** {@code xs_introduce_domain}. */
    public void introduce(int domid, long mfn, int port) throws XsException {}

    /** {@code xs_release_domain}. */
    public void release(int domid) throws XsException {}

    /** {@code xs_get_domain_path}. */
    public String getDomainPath(int domid) throws XsException {
        return "/local/domain/" + domid;
    }

    /** {@code xs_is_domain_introduced}. */
    public boolean isDomainIntroduced(int domid) throws XsException {
        return false;
    }

    /** The oldest watch event not yet taken, or {@code null}. */
    public XsWatchEvent pollWatchEvent() {
        return null;
    }

    /** One raw wire message in, its reply out (header and payload). */
    public byte[] request(byte[] message) {
        return new byte[0];
    }
}
