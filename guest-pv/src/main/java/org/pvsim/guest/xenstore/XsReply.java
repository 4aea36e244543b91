package org.pvsim.guest.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.io.XsdErrors;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * One reply xenstored sent for a request (or one the client made up for a request that failed locally): the {@code
 * xsd_sockmsg} header's type, {@code req_id} and {@code tx_id}, and the payload. An {@code XS_ERROR} reply carries an
 * errno <em>name</em> ({@link XsdErrors}), as in {@code xs_wire.h}; any other reply carries the operation's result,
 * whose shape depends on the request (Xen's {@code docs/misc/xenstore.txt}): a value for {@code XS_READ}, a
 * NUL-separated list for {@code XS_DIRECTORY} and {@code XS_GET_PERMS}, a decimal id for {@code XS_TRANSACTION_START},
 * {@code "OK"} for the rest.
 *
 * <p>The payload array is the reply's own copy; callers must not change it.
 *
 * @param type the reply's type: the request's, or {@link XsdSockmsgType#XS_ERROR}
 * @param reqId the request's id
 * @param txId the transaction the request ran in, or 0
 * @param payload the payload, at most {@code XENSTORE_PAYLOAD_MAX} bytes
 */
public record XsReply(XsdSockmsgType type, int reqId, int txId, byte[] payload) {
    /** A reply the client makes up for a request it could not complete: an {@code XS_ERROR} with {@code errno}. */
    public static XsReply error(int reqId, int txId, String errno) {
        return new XsReply(XsdSockmsgType.XS_ERROR, reqId, txId, nulTerminated(errno));
    }

    /** A successful reply of {@code type} with xenstored's {@code "OK"} payload, for a request the client skipped. */
    public static XsReply ok(XsdSockmsgType type) {
        return new XsReply(type, 0, 0, nulTerminated("OK"));
    }

    /** Whether the request failed ({@code XS_ERROR}). */
    public boolean isError() {
        return type == XsdSockmsgType.XS_ERROR;
    }

    /** The errno name of a failed request ({@code "ENOENT"}, {@code "EAGAIN"}, ...), or {@code null} if it succeeded. */
    public String errno() {
        return isError() ? value() : null;
    }

    /** Whether the request failed with {@code errno} (a name of {@link XsdErrors}). */
    public boolean isError(String errno) {
        return isError() && errno.equals(value());
    }

    /** The payload as text, up to its first NUL (xenstored NUL-terminates errors and {@code OK}, not read values). */
    public String value() {
        int len = 0;
        while (len < payload.length && payload[len] != 0) {
            len++;
        }
        return new String(payload, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * The payload as a list of NUL-terminated strings ({@code XS_DIRECTORY}, {@code XS_GET_PERMS}, {@code
     * XS_WATCH_EVENT}); a last string without its NUL counts too. An empty payload is an empty list.
     */
    public List<String> strings() {
        return split(payload);
    }

    /**
     * The transaction id of an {@code XS_TRANSACTION_START} reply (decimal text), or -1 if the reply is an error or
     * not a number in {@code 1..2^31-1}: a hostile xenstored's reply never makes the caller throw.
     */
    public int transactionId() {
        if (isError()) {
            return -1;
        }
        String v = value();
        if (v.isEmpty() || v.length() > 10) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id > 0 && id <= Integer.MAX_VALUE ? (int) id : -1;
    }

    @Override
    public String toString() {
        return type + " req_id=" + Integer.toUnsignedString(reqId) + " tx_id=" + Integer.toUnsignedString(txId) + " "
                + (isError() ? errno() : String.join("|", strings()));
    }

    static List<String> split(byte[] payload) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                out.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < payload.length) {
            out.add(new String(payload, start, payload.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    static byte[] nulTerminated(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
