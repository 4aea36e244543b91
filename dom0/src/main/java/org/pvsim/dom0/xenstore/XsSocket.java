package org.pvsim.dom0.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * A typed synchronous client of xenstored's local socket, as libxenstore's {@code xs_*} calls are for dom0's tools
 * (privileged, domid 0). Every call is encoded as a wire message and answered by the same handler as ring clients, so
 * the socket sees exactly the errors a guest would; an {@code XS_ERROR} reply throws {@link XsException} with the
 * errno name. Watch events for this socket's watches queue here ({@link #pollWatchEvent()}); a watch fires once when
 * set. Values are UTF-8 text; {@link #request} takes raw messages for anything else.
 *
 * <p>Single-threaded like {@link Xenstored}; a call runs xenstored synchronously inside the caller's dom0 step.
 */
public final class XsSocket {
    /** {@code XBT_NULL}: no transaction. */
    public static final int XBT_NULL = 0;

    private final Xenstored xs;
    private final XsConnection conn;
    private int nextReqId = 1;

    XsSocket(Xenstored xs, XsConnection conn) {
        this.xs = xs;
        this.conn = conn;
    }

    /** {@code xs_read}: the node's value. */
    public String read(int tx, String path) throws XsException {
        return new String(
                call(XsdSockmsgType.XS_READ, tx, XsWire.strings(path), "read " + path), StandardCharsets.UTF_8);
    }

    /** {@code xs_write}: creates the node and missing parents, or replaces its value. */
    public void write(int tx, String path, String value) throws XsException {
        byte[] p = XsWire.strings(path);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[p.length + v.length];
        System.arraycopy(p, 0, payload, 0, p.length);
        System.arraycopy(v, 0, payload, p.length, v.length);
        call(XsdSockmsgType.XS_WRITE, tx, payload, "write " + path);
    }

    /** {@code xs_mkdir}: creates the node (empty) unless it exists. */
    public void mkdir(int tx, String path) throws XsException {
        call(XsdSockmsgType.XS_MKDIR, tx, XsWire.strings(path), "mkdir " + path);
    }

    /** {@code xs_rm}: removes the node and everything below it. */
    public void rm(int tx, String path) throws XsException {
        call(XsdSockmsgType.XS_RM, tx, XsWire.strings(path), "rm " + path);
    }

    /** {@code xs_directory}: the children's names in creation order. */
    public List<String> directory(int tx, String path) throws XsException {
        return XsWire.split(call(XsdSockmsgType.XS_DIRECTORY, tx, XsWire.strings(path), "directory " + path));
    }

    /** {@code xs_get_permissions}: owner first. */
    public List<XsPermission> getPerms(int tx, String path) throws XsException {
        List<XsPermission> out = new ArrayList<>();
        for (String s : XsWire.split(call(XsdSockmsgType.XS_GET_PERMS, tx, XsWire.strings(path), "getperms " + path))) {
            out.add(XsPermission.parse(s));
        }
        return out;
    }

    /** {@code xs_set_permissions}: owner first; the first entry's permission is the default for other domains. */
    public void setPerms(int tx, String path, List<XsPermission> perms) throws XsException {
        String[] parts = new String[perms.size() + 1];
        parts[0] = path;
        for (int i = 0; i < perms.size(); i++) {
            parts[i + 1] = perms.get(i).toString();
        }
        call(XsdSockmsgType.XS_SET_PERMS, tx, XsWire.strings(parts), "setperms " + path);
    }

    /** {@code xs_watch}: fires once now and on every later change at or below {@code path}. */
    public void watch(String path, String token) throws XsException {
        call(XsdSockmsgType.XS_WATCH, XBT_NULL, XsWire.strings(path, token), "watch " + path);
    }

    /** {@code xs_unwatch}. */
    public void unwatch(String path, String token) throws XsException {
        call(XsdSockmsgType.XS_UNWATCH, XBT_NULL, XsWire.strings(path, token), "unwatch " + path);
    }

    /** {@code xs_transaction_start}: the new transaction's id. */
    public int transactionStart() throws XsException {
        String id = new String(
                call(XsdSockmsgType.XS_TRANSACTION_START, XBT_NULL, XsWire.strings(""), "transaction_start"),
                StandardCharsets.ISO_8859_1);
        return Integer.parseUnsignedInt(id.substring(0, id.indexOf('\0')));
    }

    /**
     * {@code xs_transaction_end}: commits ({@code commit}) or discards the transaction.
     *
     * @return false if the commit failed with {@code EAGAIN} (another client changed what it touched: start over)
     */
    public boolean transactionEnd(int tx, boolean commit) throws XsException {
        try {
            call(XsdSockmsgType.XS_TRANSACTION_END, tx, XsWire.strings(commit ? "T" : "F"), "transaction_end");
            return true;
        } catch (XsException e) {
            if (e.errno().equals(XsError.EAGAIN)) {
                return false;
            }
            throw e;
        }
    }

    /** {@code xs_introduce_domain}: xenstored connects to the domain's ring page {@code mfn} and port. */
    public void introduce(int domid, long mfn, int port) throws XsException {
        call(
                XsdSockmsgType.XS_INTRODUCE,
                XBT_NULL,
                XsWire.strings(Integer.toString(domid), Long.toUnsignedString(mfn), Integer.toString(port)),
                "introduce " + domid);
    }

    /** {@code xs_release_domain}: xenstored forgets the domain (and deletes the nodes it owned). */
    public void release(int domid) throws XsException {
        call(XsdSockmsgType.XS_RELEASE, XBT_NULL, XsWire.strings(Integer.toString(domid)), "release " + domid);
    }

    /** {@code xs_get_domain_path}: {@code /local/domain/<domid>}. */
    public String getDomainPath(int domid) throws XsException {
        List<String> r = XsWire.split(call(
                XsdSockmsgType.XS_GET_DOMAIN_PATH,
                XBT_NULL,
                XsWire.strings(Integer.toString(domid)),
                "get_domain_path"));
        return r.isEmpty() ? "" : r.get(0);
    }

    /** {@code xs_is_domain_introduced}. */
    public boolean isDomainIntroduced(int domid) throws XsException {
        List<String> r = XsWire.split(call(
                XsdSockmsgType.XS_IS_DOMAIN_INTRODUCED,
                XBT_NULL,
                XsWire.strings(Integer.toString(domid)),
                "is_domain_introduced"));
        return !r.isEmpty() && r.get(0).equals("T");
    }

    /** The oldest watch event for this socket not yet taken, or {@code null}. */
    public XsWatchEvent pollWatchEvent() {
        return conn.pollSocketEvent();
    }

    /**
     * One raw wire message in (header and payload), its reply out. A message whose header length disagrees with its
     * size is answered {@code EINVAL}; an oversized one {@code E2BIG} (the local socket is never dropped).
     */
    public byte[] request(byte[] message) {
        return xs.socketRequest(conn, message);
    }

    private byte[] call(XsdSockmsgType type, int tx, byte[] payload, String what) throws XsException {
        int reqId = nextReqId++;
        byte[] reply = request(XsWire.encode(type.code, reqId, tx, payload));
        int rtype = XsWire.get32(reply, XsdSockmsgDescriptor.TYPE_OFFSET);
        byte[] body = new byte[reply.length - XsdSockmsgDescriptor.SIZE];
        System.arraycopy(reply, XsdSockmsgDescriptor.SIZE, body, 0, body.length);
        if (rtype == XsdSockmsgType.XS_ERROR.code) {
            List<String> e = XsWire.split(body);
            throw new XsException(e.isEmpty() ? XsError.EINVAL : e.get(0), what);
        }
        return body;
    }
}
