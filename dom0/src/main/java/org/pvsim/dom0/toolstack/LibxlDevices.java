package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsPermission;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.dom0.xlcfg.DiskSpec;
import org.pvsim.dom0.xlcfg.VifSpec;

/**
 * What libxl writes in xenstore to add and remove split-driver devices ({@code libxl_device.c} {@code
 * libxl__device_generic_add} and {@code libxl__initiate_device_generic_remove}, {@code libxl_nic.c}, {@code
 * libxl_disk.c}): a frontend directory {@code /local/domain/<domid>/device/<kind>/<devid>} owned by the guest and
 * readable by the backend, and a backend directory {@code /local/domain/0/backend/<kind>/<domid>/<devid>} owned by dom0
 * and readable by the guest, both with {@code state} 1 (Initialising), in one transaction. Backends are always in
 * dom0 (no driver domains).
 */
final class LibxlDevices {
    /** dom0's backend directory. */
    static final String BACKEND_ROOT = "/local/domain/0/backend";
    /** The hotplug script a vif names by default ({@code LIBXL_DEFAULT_... vif-bridge}). */
    static final String DEFAULT_VIF_SCRIPT = "/etc/xen/scripts/vif-bridge";

    private LibxlDevices() {}

    /** The frontend directory of device {@code kind}/{@code devid} of {@code domid}. */
    static String frontendPath(int domid, String kind, int devid) {
        return "/local/domain/" + domid + "/device/" + kind + "/" + devid;
    }

    /** The backend directory of device {@code kind}/{@code devid} of {@code domid}. */
    static String backendPath(int domid, String kind, int devid) {
        return BACKEND_ROOT + "/" + kind + "/" + domid + "/" + devid;
    }

    /**
     * The MAC address libxl gives a vif without {@code mac=}: Xen's OUI {@code 00:16:3e}, then three bytes, the first
     * with its top bit clear. libxl draws them at random; pvsim derives them from the domain's handle (itself from the
     * run's seed) and the device id, so a run is reproducible.
     */
    static String generatedMac(byte[] handle, int devid) {
        int a = (handle[13] ^ devid) & 0x7F;
        int b = (handle[14] ^ (devid >>> 8)) & 0xFF;
        int c = handle[15] & 0xFF;
        return String.format(Locale.ROOT, "00:16:3e:%02x:%02x:%02x", a, b, c);
    }

    /**
     * The device id of a disk ({@code xen-vbd-interface(7)}): {@code xvdX[N]} is {@code 202 << 8 | disk << 4 | N}
     * for the first 16 disks and {@code 1 << 28 | disk << 8 | N} beyond; {@code hdX[N]} uses the IDE majors (3, 22,
     * 33, 34, ...); {@code sdX[N]} is {@code 8 << 8 | disk << 4 | N}; {@code dK[pN]} is {@code 1 << 28 | K << 8 | N}.
     *
     * @return the id, or -1 if {@code vdev} names no disk pvsim can number
     */
    static int vdevToDevid(String vdev) {
        if (vdev.startsWith("d")) {
            int p = vdev.indexOf('p');
            int disk = parse(p < 0 ? vdev.substring(1) : vdev.substring(1, p));
            int part = p < 0 ? 0 : parse(vdev.substring(p + 1));
            return disk < 0 || part < 0 || part > 255 || disk > (1 << 20) - 1 ? -1 : 1 << 28 | disk << 8 | part;
        }
        int prefix = vdev.startsWith("xvd") ? 3 : vdev.startsWith("hd") || vdev.startsWith("sd") ? 2 : -1;
        if (prefix < 0) {
            return -1;
        }
        int i = prefix;
        int disk = 0;
        while (i < vdev.length() && vdev.charAt(i) >= 'a' && vdev.charAt(i) <= 'z') {
            disk = disk * 26 + (vdev.charAt(i) - 'a' + 1);
            i++;
        }
        disk--; // a = 0, z = 25, aa = 26
        int part = i == vdev.length() ? 0 : parse(vdev.substring(i));
        if (disk < 0 || part < 0) {
            return -1;
        }
        if (prefix == 3) {
            if (disk < 16 && part < 16) {
                return 202 << 8 | disk << 4 | part;
            }
            return part > 255 || disk > (1 << 20) - 1 ? -1 : 1 << 28 | disk << 8 | part;
        }
        if (part > 15) {
            return -1;
        }
        if (vdev.startsWith("sd")) {
            return disk < 16 ? 8 << 8 | disk << 4 | part : -1;
        }
        int[] ideMajors = {3, 22, 33, 34, 56, 57, 88, 89, 90, 91};
        return disk / 2 < ideMajors.length ? ideMajors[disk / 2] << 8 | (disk % 2) << 6 | part : -1;
    }

    private static int parse(String digits) {
        if (digits.isEmpty() || digits.length() > 7) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }

    /** {@code libxl__device_nic_add}: the vif's nodes, with {@code mac} (given, or {@link #generatedMac}). */
    static void addNic(XsSocket xs, int domid, int devid, VifSpec vif, String mac)
            throws XsException, ToolstackException {
        List<String[]> front = new ArrayList<>();
        front.add(new String[] {"handle", Integer.toString(devid)});
        front.add(new String[] {"mac", mac});
        List<String[]> back = new ArrayList<>();
        back.add(new String[] {"script", vif.script().orElse(DEFAULT_VIF_SCRIPT)});
        back.add(new String[] {"mac", mac});
        back.add(new String[] {"bridge", vif.bridge()});
        back.add(new String[] {"handle", Integer.toString(devid)});
        back.add(new String[] {"type", vif.type().equals("ioemu") ? "vif_ioemu" : "vif"});
        vif.ip().ifPresent(ip -> back.add(new String[] {"ip", ip}));
        vif.rate().ifPresent(r -> back.add(new String[] {"rate", r}));
        vif.mtu().ifPresent(m -> back.add(new String[] {"mtu", Integer.toString(m)}));
        vif.vifname().ifPresent(n -> back.add(new String[] {"vifname", n}));
        genericAdd(xs, domid, "vif", devid, front, back);
    }

    /** {@code libxl__device_disk_add}: the vbd's nodes; the device id comes from {@code vdev}. */
    static int addDisk(XsSocket xs, int domid, DiskSpec disk) throws XsException, ToolstackException {
        int devid = vdevToDevid(disk.vdev());
        if (devid < 0) {
            throw new ToolstackException("Invalid or unsupported virtual disk identifier " + disk.vdev());
        }
        String devtype = disk.cdrom() ? "cdrom" : "disk";
        List<String[]> front = List.of(
                new String[] {"virtual-device", Integer.toString(devid)}, new String[] {"device-type", devtype});
        List<String[]> back = List.of(
                new String[] {"params", disk.target()},
                new String[] {"type", disk.backendtype().orElse("phy")},
                new String[] {"mode", disk.readonly() ? "r" : "w"},
                new String[] {"dev", disk.vdev()},
                new String[] {"device-type", devtype},
                new String[] {"removable", disk.cdrom() ? "1" : "0"},
                new String[] {"bootable", "1"});
        genericAdd(xs, domid, "vbd", devid, front, back);
        return devid;
    }

    /** {@code libxl__device_generic_add}: both directories, their permissions and values, in one transaction. */
    private static void genericAdd(
            XsSocket xs, int domid, String kind, int devid, List<String[]> front, List<String[]> back)
            throws XsException, ToolstackException {
        String fe = frontendPath(domid, kind, devid);
        String be = backendPath(domid, kind, devid);
        for (int attempt = 0; attempt < LibxlDomainNodes.MAX_ATTEMPTS; attempt++) {
            int t = xs.transactionStart();
            if (exists(xs, t, be)) {
                xs.transactionEnd(t, false);
                throw new ToolstackException(
                        "device " + kind + "/" + devid + " of domain " + domid + " exists already (" + be + ")");
            }
            xs.mkdir(t, fe);
            xs.setPerms(t, fe, List.of(new XsPermission(domid, 'n'), new XsPermission(0, 'r')));
            xs.mkdir(t, be);
            xs.setPerms(t, be, List.of(new XsPermission(0, 'n'), new XsPermission(domid, 'r')));
            xs.write(t, be + "/frontend", fe);
            xs.write(t, be + "/frontend-id", Integer.toString(domid));
            xs.write(t, be + "/online", "1");
            xs.write(t, be + "/state", "1");
            for (String[] kv : back) {
                xs.write(t, be + "/" + kv[0], kv[1]);
            }
            xs.write(t, fe + "/backend", be);
            xs.write(t, fe + "/backend-id", "0");
            xs.write(t, fe + "/state", "1");
            for (String[] kv : front) {
                xs.write(t, fe + "/" + kv[0], kv[1]);
            }
            if (xs.transactionEnd(t, true)) {
                return;
            }
        }
        throw new ToolstackException("xenstore: device " + kind + "/" + devid + " could not be committed (EAGAIN "
                + LibxlDomainNodes.MAX_ATTEMPTS + " times)");
    }

    private static boolean exists(XsSocket xs, int t, String path) {
        try {
            xs.read(t, path + "/state");
            return true;
        } catch (XsException e) {
            return false;
        }
    }

    /**
     * {@code libxl__initiate_device_generic_remove}: asks the backend to let go ({@code online} 0, {@code state}
     * Closing); the backend and frontend close, and the backend's {@code state} reaches Closed.
     */
    static void initiateRemove(XsSocket xs, int domid, String kind, int devid) throws XsException {
        String be = backendPath(domid, kind, devid);
        int t = xs.transactionStart();
        xs.write(t, be + "/online", "0");
        xs.write(t, be + "/state", "5");
        xs.transactionEnd(t, true);
    }

    /** {@code libxl__device_destroy}: both directories removed (and the backend's error node). */
    static void destroyNodes(XsSocket xs, int domid, String kind, int devid) {
        rmQuiet(xs, frontendPath(domid, kind, devid));
        rmQuiet(xs, backendPath(domid, kind, devid));
        rmQuiet(xs, "/local/domain/0/error/backend/" + kind + "/" + domid + "/" + devid);
    }

    private static void rmQuiet(XsSocket xs, String path) {
        try {
            xs.rm(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            // gone already
        }
    }

    /** Every backend directory of {@code domid} removed, as {@code libxl__devices_destroy} does at domain destroy. */
    static void destroyAll(XsSocket xs, int domid) {
        for (String kind : list(xs, BACKEND_ROOT)) {
            rmQuiet(xs, BACKEND_ROOT + "/" + kind + "/" + domid);
        }
    }

    /** The device ids of {@code kind} that {@code domid} has (its frontend directories), in numeric order. */
    static List<Integer> devids(XsSocket xs, int domid, String kind) {
        List<Integer> out = new ArrayList<>();
        for (String s : list(xs, "/local/domain/" + domid + "/device/" + kind)) {
            int id = parse(s);
            if (id >= 0) {
                out.add(id);
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> list(XsSocket xs, String path) {
        try {
            return xs.directory(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return List.of();
        }
    }
}
