package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.UUID;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsPermission;
import org.pvsim.dom0.xenstore.XsSocket;

/**
 * The xenstore nodes libxl writes for a new domain ({@code libxl__domain_make}, {@code libxl__build_post} in {@code
 * tools/libs/light/libxl_create.c} and {@code libxl_dom.c}), in one transaction retried on {@code EAGAIN}:
 *
 * <ul>
 *   <li>{@code /local/domain/N}, owned by dom0 and readable by N ({@code roperm}): {@code name}, {@code domid},
 *       {@code vm}, {@code memory/static-max} and {@code memory/target} (KiB), {@code cpu/K/availability} ({@code
 *       online} for the first {@code vcpus}, {@code offline} up to {@code maxvcpus}), {@code store/port} and {@code
 *       store/ring-ref};
 *   <li>the primary console's frontend, {@code console/} ({@code libxl__device_console_add}): the directory owned by
 *       N and readable by dom0, its values ({@code backend-id}, {@code limit}, {@code type} {@code xenconsoled},
 *       {@code output}, {@code tty}, {@code port}, {@code ring-ref}) owned by dom0 and readable by N;
 *   <li>{@code control}, {@code data}, {@code device}, {@code error}, {@code drivers}, {@code attr} and {@code
 *       feature} under it, owned by N ({@code rwperm}), with {@code control/shutdown} empty;
 *   <li>{@code /vm/<uuid>} (roperm) with {@code name}, {@code uuid} and {@code start_time} (seconds of virtual time,
 *       {@code "%lu.%02d"});
 *   <li>{@code /libxl/N} (dom0 only) with {@code type}.
 * </ul>
 */
final class LibxlDomainNodes {
    /** Attempts of the transaction before creation fails: libxl loops until it commits. */
    static final int MAX_ATTEMPTS = 16;

    private static final List<String> GUEST_WRITABLE =
            List.of("control", "data", "device", "error", "drivers", "attr", "feature");

    /** {@code LIBXL_XENCONSOLE_LIMIT}: the bytes of output xenconsoled buffers for a console, in {@code console/limit}. */
    static final int LIBXL_XENCONSOLE_LIMIT = 1_048_576;

    private LibxlDomainNodes() {}

    /** The domain's {@code /vm} path, from its handle. */
    static String vmPath(byte[] handle) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (handle[i] & 0xFF);
            lo = (lo << 8) | (handle[i + 8] & 0xFF);
        }
        return "/vm/" + new UUID(hi, lo);
    }

    /** Writes the nodes of domain {@code domid}, created at virtual time {@code nowNs}. */
    static void write(XsSocket xs, int domid, DomainBuildSpec spec, PvDomainImageBuilder.RingPages rings, long nowNs)
            throws XsException, ToolstackException {
        String dom = "/local/domain/" + domid;
        String vm = vmPath(spec.handle());
        List<XsPermission> ro = List.of(new XsPermission(0, 'n'), new XsPermission(domid, 'r'));
        List<XsPermission> rw = List.of(new XsPermission(domid, 'n'));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int t = xs.transactionStart();
            xs.mkdir(t, dom);
            xs.setPerms(t, dom, ro);
            xs.write(t, dom + "/name", spec.name());
            xs.write(t, dom + "/domid", Integer.toString(domid));
            xs.write(t, dom + "/vm", vm);
            xs.write(t, dom + "/memory/static-max", Long.toString(spec.memoryKib()));
            xs.write(t, dom + "/memory/target", Long.toString(spec.memoryKib()));
            for (int k = 0; k < spec.maxVcpus(); k++) {
                xs.write(t, dom + "/cpu/" + k + "/availability", k < spec.onlineVcpus() ? "online" : "offline");
            }
            xs.write(t, dom + "/store/port", Integer.toString(rings.storePort()));
            xs.write(t, dom + "/store/ring-ref", Long.toString(rings.storeMfn()));
            for (String sub : GUEST_WRITABLE) {
                xs.mkdir(t, dom + "/" + sub);
                xs.setPerms(t, dom + "/" + sub, rw);
            }
            xs.write(t, dom + "/control/shutdown", "");
            xs.setPerms(t, dom + "/control/shutdown", rw);
            xs.mkdir(t, vm);
            xs.setPerms(t, vm, ro);
            xs.write(t, vm + "/name", spec.name());
            xs.write(t, vm + "/uuid", vm.substring("/vm/".length()));
            xs.write(
                    t, vm + "/start_time", String.format("%d.%02d", nowNs / 1_000_000_000L, nowNs / 10_000_000L % 100));
            xs.write(t, "/libxl/" + domid + "/type", "pv");
            if (rings.consolePort() != 0) {
                consoleFrontend(xs, t, domid, rings);
            }
            if (xs.transactionEnd(t, true)) {
                return;
            }
        }
        throw new ToolstackException(
                "xenstore: the domain's nodes could not be committed (EAGAIN " + MAX_ATTEMPTS + " times)");
    }

    /** The primary console's frontend nodes, in transaction {@code t}. */
    private static void consoleFrontend(XsSocket xs, int t, int domid, PvDomainImageBuilder.RingPages rings)
            throws XsException {
        String con = "/local/domain/" + domid + "/console";
        xs.mkdir(t, con);
        xs.setPerms(t, con, List.of(new XsPermission(domid, 'n'), new XsPermission(0, 'r')));
        List<XsPermission> roFront = List.of(new XsPermission(0, 'n'), new XsPermission(domid, 'r'));
        String[][] values = {
            {"backend-id", "0"},
            {"limit", Integer.toString(LIBXL_XENCONSOLE_LIMIT)},
            {"type", "xenconsoled"},
            {"output", "pty"},
            {"tty", ""},
            {"port", Integer.toString(rings.consolePort())},
            {"ring-ref", Long.toString(rings.consoleMfn())}
        };
        for (String[] kv : values) {
            xs.write(t, con + "/" + kv[0], kv[1]);
            xs.setPerms(t, con + "/" + kv[0], roFront);
        }
    }

    /** Writes dom0's own nodes, as {@code xen-init-dom0} does at boot. */
    static void writeDom0(XsSocket xs) throws XsException {
        xs.write(XsSocket.XBT_NULL, "/local/domain/0/name", "Domain-0");
        xs.write(XsSocket.XBT_NULL, "/local/domain/0/domid", "0");
    }
}
