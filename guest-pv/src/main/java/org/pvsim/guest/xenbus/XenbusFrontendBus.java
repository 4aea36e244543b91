package org.pvsim.guest.xenbus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * The frontend bus of a guest kernel, Linux's {@code xenbus_probe_frontend.c}: drivers register per device type
 * ({@code vif}, {@code vbd}); the bus watches the domain's {@code device} directory and, for each {@code
 * device/<type>/<id>} whose type has a driver, makes a {@link XenbusDevice} and probes it ({@link
 * XenbusDevice#probe}) once. The first watch event (xenstored fires a watch at registration) enumerates what exists.
 * A device whose node the toolstack removes is removed too ({@link XenbusDriver#remove}).
 *
 * <p>Invariant: one {@link XenbusDevice} per node name, kept in discovery order ({@link #devices()}). Paths that are
 * not {@code device/<type>/<id>...} are ignored.
 */
public final class XenbusFrontendBus {
    /** The directory frontends live in, relative to the domain's home. */
    public static final String DEVICE_DIR = "device";
    /** The token of the bus's watch on {@link #DEVICE_DIR}. */
    public static final String WATCH_TOKEN = "xenbus-frontend";

    private final XenstoreClient xs;
    private final Map<String, Supplier<XenbusDriver>> drivers = new LinkedHashMap<>();
    private final Map<String, XenbusDevice> devices = new LinkedHashMap<>();
    private boolean started;

    /** A bus over the kernel's xenstore client. */
    public XenbusFrontendBus(XenstoreClient xs) {
        this.xs = xs;
    }

    /** {@code xenbus_register_frontend}: devices of {@code type} get a driver from {@code factory} each. */
    public void register(String type, Supplier<XenbusDriver> factory) {
        drivers.put(type, factory);
    }

    /** Starts watching {@link #DEVICE_DIR} ({@code frontend_changed}); a second call does nothing. */
    public void start(GuestCpu cpu) {
        if (started) {
            return;
        }
        started = true;
        xs.bind(cpu).watch(DEVICE_DIR, WATCH_TOKEN, (c, path, token) -> changed(c, path), null);
    }

    /** The devices found so far, by node name. */
    public Map<String, XenbusDevice> devices() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }

    /** The device at {@code nodename}, or null. */
    public XenbusDevice device(String nodename) {
        return devices.get(nodename);
    }

    private void changed(GuestCpu cpu, String path) {
        String[] parts = path.split("/", -1);
        if (parts.length == 1 && parts[0].equals(DEVICE_DIR)) {
            enumerate(cpu);
            return;
        }
        if (parts.length >= 3 && parts[0].equals(DEVICE_DIR) && !parts[1].isEmpty() && !parts[2].isEmpty()) {
            String nodename = DEVICE_DIR + "/" + parts[1] + "/" + parts[2];
            if (parts.length == 3 && devices.containsKey(nodename)) {
                checkGone(cpu, nodename);
            } else {
                found(cpu, parts[1], parts[2]);
            }
        }
    }

    /** {@code xenbus_probe_devices}: every {@code device/<type>/<id>} whose type has a driver. */
    private void enumerate(GuestCpu cpu) {
        xs.bind(cpu).directory(XenstoreClient.XBT_NIL, DEVICE_DIR, (c, types) -> {
            if (types.isError()) {
                return;
            }
            for (String type : types.strings()) {
                if (!drivers.containsKey(type)) {
                    continue;
                }
                xs.bind(c).directory(XenstoreClient.XBT_NIL, DEVICE_DIR + "/" + type, (c2, ids) -> {
                    if (ids.isError()) {
                        return;
                    }
                    for (String id : ids.strings()) {
                        found(c2, type, id);
                    }
                });
            }
        });
    }

    /**
     * An event on a known device's own node: the toolstack removed it ({@code xenbus_dev_changed} finds it gone) or
     * wrote it. A device whose node no longer exists is removed: its driver's {@link XenbusDriver#remove} runs, its
     * watch on the other end ends, and a later node of the same name is a new device.
     */
    private void checkGone(GuestCpu cpu, String nodename) {
        xs.bind(cpu).directory(XenstoreClient.XBT_NIL, nodename, (c, reply) -> {
            XenbusDevice dev = devices.get(nodename);
            if (dev == null || !reply.isError()) {
                return;
            }
            devices.remove(nodename);
            dev.unwatchOtherend(c);
            dev.driver().remove(c, dev);
        });
    }

    private void found(GuestCpu cpu, String type, String id) {
        Supplier<XenbusDriver> factory = drivers.get(type);
        String nodename = DEVICE_DIR + "/" + type + "/" + id;
        if (factory == null || devices.containsKey(nodename)) {
            return;
        }
        XenbusDevice dev = new XenbusDevice(xs, nodename, type, factory.get());
        devices.put(nodename, dev);
        dev.probe(cpu);
    }
}
