package org.pvsim.dom0.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;

/**
 * The byte form of a message: the little-endian {@code struct xsd_sockmsg} header followed by the payload, and the
 * NUL-terminated strings payloads are made of ({@code get_string}/{@code get_strings} of {@code core.c}). Paths are
 * ASCII; arbitrary bytes are decoded one char per byte (ISO-8859-1) so that {@link XsPaths#validChars} sees and
 * refuses them instead of a decoder silently replacing them.
 */
final class XsWire {
    private XsWire() {}

    /** One message: header fields and payload. */
    static byte[] encode(int type, int reqId, int txId, byte[] payload) {
        byte[] m = new byte[XsdSockmsgDescriptor.SIZE + payload.length];
        put32(m, XsdSockmsgDescriptor.TYPE_OFFSET, type);
        put32(m, XsdSockmsgDescriptor.REQ_ID_OFFSET, reqId);
        put32(m, XsdSockmsgDescriptor.TX_ID_OFFSET, txId);
        put32(m, XsdSockmsgDescriptor.LEN_OFFSET, payload.length);
        System.arraycopy(payload, 0, m, XsdSockmsgDescriptor.SIZE, payload.length);
        return m;
    }

    /** Little-endian 32-bit value at {@code off}. */
    static int get32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Strings, each followed by a NUL. */
    static byte[] strings(String... parts) {
        int n = 0;
        for (String s : parts) {
            n += s.length() + 1;
        }
        byte[] b = new byte[n];
        int at = 0;
        for (String s : parts) {
            byte[] sb = s.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(sb, 0, b, at, sb.length);
            at += sb.length + 1;
        }
        return b;
    }

    /** {@code get_strings}: every NUL-terminated string of the payload; bytes after the last NUL are ignored. */
    static List<String> split(byte[] payload) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                out.add(new String(payload, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return out;
    }

    /** {@code onearg}: the payload as one string if it holds exactly one NUL, at its end; else {@code null}. */
    static String onearg(byte[] payload) {
        if (payload.length == 0 || payload[payload.length - 1] != 0) {
            return null;
        }
        for (int i = 0; i < payload.length - 1; i++) {
            if (payload[i] == 0) {
                return null;
            }
        }
        return new String(payload, 0, payload.length - 1, StandardCharsets.ISO_8859_1);
    }

    /** {@code parse_domid}: decimal digits up to 65535 (no text is 0, as {@code strtoul} reads it); else -1. */
    static int parseDomid(String s) {
        if (s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > 65535 ? -1 : v;
    }
}
