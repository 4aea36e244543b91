package org.pvsim.dom0.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.io.XenstoreDomainInterfaceDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * A guest's end of a xenstore ring in tests: writes requests into {@code req}, lets xenstored service the ring, and
 * reads whole messages back from {@code rsp} (replies and watch events, in order).
 */
final class RingClient {
    /** A message read back. */
    record Msg(int type, int reqId, int txId, byte[] payload) {
        List<String> strings() {
            return XsWire.split(payload);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        boolean isError() {
            return type == XsdSockmsgType.XS_ERROR.code;
        }

        String errno() {
            return isError() ? strings().get(0) : null;
        }
    }

    private static final SharedByteRing REQ = SharedByteRing.xenstoreRequests();
    private static final SharedByteRing RSP = SharedByteRing.xenstoreResponses();

    final int domid;
    final PageCpu cpu;
    final Xenstored xs;
    private int reqId = 100;
    private final ArrayDeque<Msg> inbox = new ArrayDeque<>();
    private final byte[] pending = new byte[8192];
    private int pendingLen;

    RingClient(Xenstored xs, TestHost host, int domid) {
        this.xs = xs;
        this.domid = domid;
        this.cpu = host.pages.computeIfAbsent(domid, d -> new PageCpu());
    }

    /** Puts raw bytes into {@code req} (as many as fit); answers how many. */
    int send(byte[] bytes) {
        return REQ.produce(cpu, 0, bytes, 0, bytes.length);
    }

    /** Sends one request, services the ring, and answers the reply (watch events go to the inbox). */
    Msg call(XsdSockmsgType type, int tx, byte[] payload) {
        return callCode(type.code, tx, payload);
    }

    /** Like {@link #call} with any type code, known or not. */
    Msg callCode(int type, int tx, byte[] payload) {
        int id = ++reqId;
        byte[] m = XsWire.encode(type, id, tx, payload);
        int off = 0;
        while (off < m.length) {
            int n = REQ.produce(cpu, 0, m, off, m.length - off);
            off += n;
            xs.serviceRing(domid);
            if (n == 0 && off < m.length) {
                throw new AssertionError("ring stuck");
            }
        }
        // A reply larger than the ring arrives in pieces: keep reading and letting xenstored write more.
        for (int round = 0; round < 16; round++) {
            xs.serviceRing(domid);
            drain();
            for (var it = inbox.iterator(); it.hasNext(); ) {
                Msg r = it.next();
                if (r.type() != XsdSockmsgType.XS_WATCH_EVENT.code && r.reqId() == id) {
                    it.remove();
                    return r;
                }
            }
        }
        throw new AssertionError("no reply to " + type);
    }

    Msg call(XsdSockmsgType type, String... args) {
        return call(type, 0, XsWire.strings(args));
    }

    /** Reads every whole message the response ring holds into the inbox. */
    void drain() {
        int n = RSP.consume(cpu, 0, pending, pendingLen, pending.length - pendingLen);
        if (n > 0) {
            pendingLen += n;
        }
        while (pendingLen >= XsdSockmsgDescriptor.SIZE) {
            int len = XsWire.get32(pending, XsdSockmsgDescriptor.LEN_OFFSET);
            if (pendingLen < XsdSockmsgDescriptor.SIZE + len) {
                break;
            }
            byte[] payload = new byte[len];
            System.arraycopy(pending, XsdSockmsgDescriptor.SIZE, payload, 0, len);
            inbox.add(new Msg(XsWire.get32(pending, 0), XsWire.get32(pending, 4), XsWire.get32(pending, 8), payload));
            int used = XsdSockmsgDescriptor.SIZE + len;
            System.arraycopy(pending, used, pending, 0, pendingLen - used);
            pendingLen -= used;
        }
    }

    /** Watch events received so far (taken from the inbox), as "path|token". */
    List<String> events() {
        xs.serviceRing(domid);
        drain();
        List<String> out = new ArrayList<>();
        for (var it = inbox.iterator(); it.hasNext(); ) {
            Msg r = it.next();
            if (r.type() == XsdSockmsgType.XS_WATCH_EVENT.code) {
                out.add(r.strings().get(0) + "|" + r.strings().get(1));
                it.remove();
            }
        }
        return out;
    }

    /** Free bytes in {@code req}. */
    int space() {
        return REQ.space(cpu, 0);
    }

    /** Removes the replies (not watch events) from the inbox; answers how many there were. */
    int takeReplies() {
        int n = 0;
        for (var it = inbox.iterator(); it.hasNext(); ) {
            if (it.next().type() != XsdSockmsgType.XS_WATCH_EVENT.code) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** The page's {@code error} field. */
    int error() {
        return cpu.read32(XenstoreDomainInterfaceDescriptor.ERROR_OFFSET);
    }
}
