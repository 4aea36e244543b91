package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;

/**
 * {@code xl network-list DOMAIN...} and {@code xl block-list DOMAIN...} ({@code main_networklist} in {@code
 * tools/xl/xl_nic.c}, {@code main_blocklist} in {@code xl_block.c}): one row per device, with what {@code
 * libxl_device_nic_getinfo} / {@code libxl_device_disk_getinfo} read from the frontend's xenstore nodes (a missing
 * number prints -1). Devices are listed in device-id order. As in xl, block-list's {@code handle} column is the
 * frontend's domain id, and a network-list domain that does not exist ends the command (xl's {@code find_domain}),
 * where block-list reports it and goes on.
 *
 * @param kind {@code vif} (network-list) or {@code vbd} (block-list)
 * @param domains the domains, by name or id, at least one
 */
public record XlDeviceList(String kind, List<String> domains) implements XlCommand, XlRunnable {
    /** Checks the kind and that a domain is named. */
    public XlDeviceList {
        Objects.requireNonNull(kind, "kind");
        if (!kind.equals("vif") && !kind.equals("vbd")) {
            throw new IllegalArgumentException("kind is vif or vbd, not " + kind);
        }
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException(
                    "'xl " + (kind.equals("vif") ? "network-list" : "block-list") + "' requires at least 1 argument.");
        }
    }

    @Override
    public String name() {
        return kind.equals("vif") ? "network-list" : "block-list";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        a.addAll(domains);
        return List.copyOf(a);
    }

    @Override
    public int run(Libxl libxl) {
        XsSocket xs = LibxlLife.xs(libxl);
        boolean net = kind.equals("vif");
        if (net) {
            libxl.con.printf(
                    "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n",
                    "Idx", "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
        } else {
            libxl.con.printf(
                    "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n",
                    "Vdev", "BE", "handle", "state", "evt-ch", "ring-ref", "BE-path");
        }
        for (String d : domains) {
            int domid = libxl.findDomain(d);
            if (domid < 0) {
                if (net) {
                    return 1;
                }
                continue;
            }
            if (xs == null) {
                continue;
            }
            for (int devid : LibxlDevices.devids(xs, domid, kind)) {
                String fe = LibxlDevices.frontendPath(domid, kind, devid);
                String backend = read(xs, fe + "/backend");
                if (backend == null) {
                    continue; // getinfo fails: no row
                }
                long be = number(xs, fe + "/backend-id");
                long state = number(xs, fe + "/state");
                long evtch = number(xs, fe + "/event-channel");
                if (net) {
                    String mac = read(xs, backend + "/mac");
                    libxl.con.printf("%-3d %-2d ", devid, be);
                    libxl.con.printf("%s", mac == null ? "00:00:00:00:00:00" : mac);
                    libxl.con.printf(
                            "%6d %5d %6d %5d/%-11d %-30s\n",
                            devid,
                            state,
                            evtch,
                            number(xs, fe + "/tx-ring-ref"),
                            number(xs, fe + "/rx-ring-ref"),
                            backend);
                } else {
                    libxl.con.printf(
                            "%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n",
                            devid, be, domid, state, evtch, number(xs, fe + "/ring-ref"), backend);
                }
            }
        }
        return 0;
    }

    private static String read(XsSocket xs, String path) {
        try {
            return xs.read(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return null;
        }
    }

    /** A node's number as libxl's {@code strtoul}, or -1 if the node is missing. */
    private static long number(XsSocket xs, String path) {
        String v = read(xs, path);
        if (v == null) {
            return -1;
        }
        int end = 0;
        while (end < v.length() && end < 10 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(v.substring(0, end));
    }
}
