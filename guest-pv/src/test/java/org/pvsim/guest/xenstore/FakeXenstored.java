package org.pvsim.guest.xenstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.io.XsdSockmsgDescriptor;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * The dom0 end of a xenstore ring for tests: a small xenstored that consumes requests from the {@code req} ring,
 * answers them from a flat tree of nodes, and produces replies and watch events into the {@code rsp} ring, in pieces
 * of at most {@link #chunk} bytes per {@link #service} call if a test wants split messages. Paths not starting with
 * {@code /} are relative to {@link #HOME}; watches fire at registration and on writes/removals at or below their path,
 * reporting the path the way the watch was registered. It knows no permissions and no transaction isolation: a
 * transaction's operations apply at once, and {@link #failCommits} makes the next commits answer {@code EAGAIN}.
 */
public final class FakeXenstored {
    public static final String HOME = "/local/domain/1";

    private final SharedByteRing req = SharedByteRing.xenstoreRequests();
    private final SharedByteRing rsp = SharedByteRing.xenstoreResponses();
    public final Map<String, String> nodes = new TreeMap<>();
    private final List<String[]> watches = new ArrayList<>();
    private final ArrayDeque<Byte> outbox = new ArrayDeque<>();
    private final byte[] header = new byte[XsdSockmsgDescriptor.SIZE];
    private int headerHave;
    private byte[] body;
    private int bodyHave;
    private int nextTx = 1;

    /** Bytes produced into the ring per {@link #service} call at most. */
    public int chunk = Integer.MAX_VALUE;
    /** Commits still to refuse with {@code EAGAIN}. */
    public int failCommits;
    /** Every request seen, as "TYPE tx=N payload|parts". */
    public final List<String> requests = new ArrayList<>();
    /** Commits refused so far. */
    public int refusedCommits;

    /** Moves bytes: consumes every request, answers it, produces what fits. Whether any byte moved. */
    public boolean service(GuestCpu cpu, long pageVa) {
        boolean moved = false;
        byte[] one = new byte[1];
        while (true) {
            if (headerHave < header.length) {
                int n = req.consume(cpu, pageVa, header, headerHave, header.length - headerHave);
                if (n <= 0) {
                    break;
                }
                moved = true;
                headerHave += n;
                if (headerHave < header.length) {
                    continue;
                }
                body = new byte[LittleEndian.getI32(header, XsdSockmsgDescriptor.LEN_OFFSET)];
                bodyHave = 0;
            }
            if (bodyHave < body.length) {
                int n = req.consume(cpu, pageVa, body, bodyHave, body.length - bodyHave);
                if (n <= 0) {
                    break;
                }
                moved = true;
                bodyHave += n;
                if (bodyHave < body.length) {
                    continue;
                }
            }
            headerHave = 0;
            handle(
                    XsdSockmsgType.ofCode(LittleEndian.getI32(header, XsdSockmsgDescriptor.TYPE_OFFSET)),
                    LittleEndian.getI32(header, XsdSockmsgDescriptor.REQ_ID_OFFSET),
                    LittleEndian.getI32(header, XsdSockmsgDescriptor.TX_ID_OFFSET),
                    body);
        }
        int budget = chunk;
        while (!outbox.isEmpty() && budget > 0) {
            one[0] = outbox.peek();
            int n = rsp.produce(cpu, pageVa, one, 0, 1);
            if (n <= 0) {
                break;
            }
            outbox.poll();
            budget--;
            moved = true;
        }
        return moved;
    }

    /** Bytes waiting to go into the {@code rsp} ring. */
    public int pendingOutput() {
        return outbox.size();
    }

    /** Queues a raw message (header fields and payload as given) for the {@code rsp} ring: a hostile dom0's tool. */
    public void sendRaw(int type, int reqId, int txId, int len, byte[] payload) {
        byte[] h = new byte[XsdSockmsgDescriptor.SIZE];
        LittleEndian.putI32(h, XsdSockmsgDescriptor.TYPE_OFFSET, type);
        LittleEndian.putI32(h, XsdSockmsgDescriptor.REQ_ID_OFFSET, reqId);
        LittleEndian.putI32(h, XsdSockmsgDescriptor.TX_ID_OFFSET, txId);
        LittleEndian.putI32(h, XsdSockmsgDescriptor.LEN_OFFSET, len);
        queue(h);
        queue(payload);
    }

    /** Writes a node as the toolstack would (no reply), firing watches. */
    public void write(String path, String value) {
        nodes.put(abs(path), value);
        fire(abs(path));
    }

    /** Removes a node and its children as the toolstack would, firing watches. */
    public void rm(String path) {
        String p = abs(path);
        nodes.keySet().removeIf(k -> k.equals(p) || k.startsWith(p + "/"));
        fire(p);
    }

    /** The value of a node, or null. */
    public String read(String path) {
        return nodes.get(abs(path));
    }

    private void handle(XsdSockmsgType type, int reqId, int tx, byte[] payload) {
        List<String> parts = XsReply.split(payload);
        requests.add(type + " tx=" + tx + " " + String.join("|", parts));
        String path = parts.isEmpty() ? "" : abs(parts.get(0));
        switch (type) {
            case XS_READ -> {
                String v = nodes.get(path);
                if (v == null) {
                    error(reqId, tx, "ENOENT");
                } else {
                    reply(type, reqId, tx, v.getBytes(StandardCharsets.UTF_8));
                }
            }
            case XS_WRITE -> {
                int nul = indexOfNul(payload);
                String value = new String(payload, nul + 1, payload.length - nul - 1, StandardCharsets.UTF_8);
                nodes.put(path, value);
                ok(type, reqId, tx);
                fire(path);
            }
            case XS_MKDIR -> {
                nodes.putIfAbsent(path, "");
                ok(type, reqId, tx);
                fire(path);
            }
            case XS_RM -> {
                if (!nodes.containsKey(path)) {
                    error(reqId, tx, "ENOENT");
                    return;
                }
                nodes.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
                ok(type, reqId, tx);
                fire(path);
            }
            case XS_DIRECTORY -> {
                TreeMap<String, Boolean> children = new TreeMap<>();
                for (String k : nodes.keySet()) {
                    if (k.startsWith(path + "/")) {
                        String rest = k.substring(path.length() + 1);
                        children.put(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest, true);
                    }
                }
                if (children.isEmpty() && !nodes.containsKey(path)) {
                    error(reqId, tx, "ENOENT");
                    return;
                }
                StringBuilder b = new StringBuilder();
                for (String c : children.keySet()) {
                    b.append(c).append('\0');
                }
                reply(type, reqId, tx, b.toString().getBytes(StandardCharsets.UTF_8));
            }
            case XS_GET_PERMS -> reply(type, reqId, tx, "n0\0r1\0".getBytes(StandardCharsets.UTF_8));
            case XS_SET_PERMS -> ok(type, reqId, tx);
            case XS_WATCH -> {
                watches.add(new String[] {parts.get(0), parts.get(1)});
                ok(type, reqId, tx);
                event(parts.get(0), parts.get(1));
            }
            case XS_UNWATCH -> {
                watches.removeIf(w -> w[0].equals(parts.get(0)) && w[1].equals(parts.get(1)));
                ok(type, reqId, tx);
            }
            case XS_TRANSACTION_START ->
                reply(type, reqId, 0, (Integer.toString(nextTx++) + "\0").getBytes(StandardCharsets.UTF_8));
            case XS_TRANSACTION_END -> {
                if (parts.get(0).equals("T") && failCommits > 0) {
                    failCommits--;
                    refusedCommits++;
                    error(reqId, tx, "EAGAIN");
                } else {
                    ok(type, reqId, tx);
                }
            }
            default -> error(reqId, tx, "ENOSYS");
        }
    }

    private void fire(String abs) {
        for (String[] w : new ArrayList<>(watches)) {
            String wAbs = abs(w[0]);
            if (abs.equals(wAbs) || abs.startsWith(wAbs + "/") || wAbs.startsWith(abs + "/")) {
                String reported = abs.startsWith(wAbs) ? abs : wAbs;
                if (!w[0].startsWith("/")) {
                    reported = reported.substring(HOME.length() + 1);
                }
                event(reported, w[1]);
            }
        }
    }

    private void event(String path, String token) {
        reply(XsdSockmsgType.XS_WATCH_EVENT, 0, 0, (path + "\0" + token + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private void ok(XsdSockmsgType type, int reqId, int tx) {
        reply(type, reqId, tx, "OK\0".getBytes(StandardCharsets.UTF_8));
    }

    private void error(int reqId, int tx, String errno) {
        reply(XsdSockmsgType.XS_ERROR, reqId, tx, (errno + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private void reply(XsdSockmsgType type, int reqId, int tx, byte[] payload) {
        sendRaw(type.code, reqId, tx, payload.length, payload);
    }

    private void queue(byte[] b) {
        for (byte x : b) {
            outbox.add(x);
        }
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    private static String abs(String path) {
        return path.startsWith("/") || path.startsWith("@") ? path : HOME + "/" + path;
    }
}
