package org.pvsim.dom0.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pvsim.dom0.daemon.Dom0Xenstored;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.dom0.xenstore.XsWatchEvent;
import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenbusState;

/**
 * dom0's xenbus backend bus, Linux's {@code xenbus_probe_backend.c} and the backend parts of {@code xenbus_probe.c}:
 * it watches {@code /local/domain/0/backend/<type>} for each registered driver on its own xenstore socket, makes a
 * {@link BackendDevice} for each {@code <type>/<domid>/<devid>} directory the toolstack writes (with {@code state}
 * and {@code frontend} nodes, {@code online} not 0) and probes it; it watches each device's frontend {@code state} and
 * hands every change to the driver.
 *
 * <p>Removal follows Linux's backends: the toolstack writes {@code online = 0} and {@code state = Closing}; the
 * frontend closes; when it reads {@code Closed} (or its node is gone) while {@code online} is 0, the bus switches the
 * backend to {@code Closed} and removes the device ({@link BackendDriver#remove}); the toolstack, seeing {@code
 * Closed}, removes the nodes. A directory that disappears removes its device too.
 *
 * <p>{@link #stopDriver} and {@link #startDriver} model a backend that dies and comes back (the scenario action {@code
 * kill-backend}): stopping removes every device of the type, writing {@code Closing} then {@code Closed} as a
 * backend's teardown does, and probes nothing until {@link #startDriver} probes every existing device again.
 *
 * <p>Invariants: at most one {@link BackendDevice} per backend node; devices are handled in node-name order, so runs
 * are deterministic; no watch event or xenstore value a frontend writes can make the bus throw.
 */
public final class XenbusBackendBus implements Dom0Xenstored.SocketDaemon {
    /** dom0's backend directory. */
    public static final String BACKEND_DIR = "/local/domain/0/backend";

    private static final String TYPE_TOKEN = "be:";

    private final Kernel kernel;
    private final XsSocket xs;
    private final Map<String, BackendDriver> drivers = new TreeMap<>();
    private final Set<String> stopped = new TreeSet<>();
    private final Map<String, BackendDevice> devices = new TreeMap<>();
    private final List<String> messages = new ArrayList<>();
    private int printed;

    /**
     * A bus in dom0's {@code kernel} (whose console gets the bus's messages, as Linux's xenbus logs to dmesg) over its
     * xenstore socket {@code xs}, with no driver yet.
     */
    public XenbusBackendBus(Kernel kernel, XsSocket xs) {
        this.kernel = kernel;
        this.xs = xs;
    }

    /**
     * {@code xenbus_register_backend}: {@code driver} serves devices of its type; the bus watches {@code
     * backend/<type>} (the watch fires once at once, which finds the devices that already exist).
     *
     * @throws IllegalArgumentException if a driver of that type is registered already
     */
    public void register(BackendDriver driver) {
        if (drivers.putIfAbsent(driver.type(), driver) != null) {
            throw new IllegalArgumentException("a backend driver for " + driver.type() + " is registered already");
        }
        try {
            xs.watch(BACKEND_DIR + "/" + driver.type(), TYPE_TOKEN + driver.type());
        } catch (XsException e) {
            message("cannot watch " + BACKEND_DIR + "/" + driver.type() + ": " + e.errno());
        }
    }

    /** The driver of {@code type}, or null. */
    public BackendDriver driver(String type) {
        return drivers.get(type);
    }

    @Override
    public void pump(GuestCpu cpu) {
        XsWatchEvent ev;
        while ((ev = xs.pollWatchEvent()) != null) {
            if (ev.token().startsWith(TYPE_TOKEN)) {
                String type = ev.token().substring(TYPE_TOKEN.length());
                backendChanged(cpu, type, ev.path());
            } else {
                BackendDevice dev = devices.get(ev.token().substring(3));
                if (dev != null && ev.path().equals(dev.frontend() + "/state")) {
                    frontendChanged(cpu, dev);
                }
            }
        }
        printMessages(cpu);
    }

    /** Prints the messages not printed yet on dom0's console. */
    private void printMessages(GuestCpu cpu) {
        while (printed < messages.size()) {
            kernel.printk(cpu, "xenbus: " + messages.get(printed++));
        }
    }

    /** An event under {@code backend/<type>}: look again at the device it names, or at all of them. */
    private void backendChanged(GuestCpu cpu, String type, String path) {
        String typeDir = BACKEND_DIR + "/" + type;
        if (!path.startsWith(typeDir)) {
            return;
        }
        String[] parts = path.substring(typeDir.length()).split("/", -1);
        // parts[0] is "" (the path went on with '/') or the path is the type directory itself.
        if (parts.length >= 3 && parts[0].isEmpty()) {
            reconcile(cpu, type, parts[1], parts[2]);
        } else if (path.equals(typeDir)) {
            enumerate(cpu, type);
        }
    }

    /** Every {@code backend/<type>/<domid>/<devid>} that exists, and every device known whose node is gone. */
    private void enumerate(GuestCpu cpu, String type) {
        String typeDir = BACKEND_DIR + "/" + type;
        Set<String> seen = new TreeSet<>();
        for (String domid : list(typeDir)) {
            for (String devid : list(typeDir + "/" + domid)) {
                seen.add(typeDir + "/" + domid + "/" + devid);
                reconcile(cpu, type, domid, devid);
            }
        }
        for (BackendDevice dev : devices(type)) {
            if (!seen.contains(dev.nodename())) {
                remove(cpu, dev, "its node is gone");
            }
        }
    }

    private List<String> list(String path) {
        try {
            return xs.directory(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return List.of();
        }
    }

    /** Brings what the bus knows of one backend node in line with xenstore. */
    private void reconcile(GuestCpu cpu, String type, String domidText, String devidText) {
        String nodename = BACKEND_DIR + "/" + type + "/" + domidText + "/" + devidText;
        BackendDevice dev = devices.get(nodename);
        String stateText = read(nodename + "/state");
        if (stateText == null) {
            if (dev != null) {
                remove(cpu, dev, "its node is gone");
            }
            return;
        }
        if (dev != null) {
            XenbusState written = parseState(stateText);
            if (written != dev.state() && written != XenbusState.XenbusStateUnknown) {
                dev.stateFound(written); // the toolstack wrote it (Closing on detach)
            }
            maybeOffline(cpu, dev);
            return;
        }
        BackendDriver driver = drivers.get(type);
        if (driver == null || stopped.contains(type) || "0".equals(read(nodename + "/online"))) {
            return;
        }
        String frontend = read(nodename + "/frontend");
        int domid = parseId(domidText);
        int devid = parseId(devidText);
        if (frontend == null || frontend.isEmpty() || domid < 0 || devid < 0) {
            return; // not complete yet: the toolstack writes it in one transaction, so this is a stray node
        }
        dev = new BackendDevice(this, xs, type, domid, devid, nodename, frontend, parseState(stateText));
        devices.put(nodename, dev);
        try {
            xs.watch(frontend + "/state", dev.frontendWatchToken());
        } catch (XsException e) {
            message(nodename + ": cannot watch " + frontend + "/state: " + e.errno());
        }
        driver.probe(cpu, dev);
    }

    private void frontendChanged(GuestCpu cpu, BackendDevice dev) {
        XenbusState s = parseState(read(dev.frontend() + "/state"));
        if (s == dev.frontendState()) {
            return;
        }
        dev.frontendState(s);
        drivers.get(dev.type()).frontendChanged(cpu, dev, s);
        if (devices.get(dev.nodename()) == dev) {
            maybeOffline(cpu, dev);
        }
    }

    /**
     * Linux's {@code frontend_changed} end: once the frontend is {@code Closed} (or gone) and the toolstack has set
     * {@code online} to 0, the backend closes and the device goes.
     */
    private void maybeOffline(GuestCpu cpu, BackendDevice dev) {
        XenbusState fe = dev.frontendState();
        boolean frontendDone = fe == XenbusState.XenbusStateClosed || fe == XenbusState.XenbusStateUnknown;
        if (frontendDone && "0".equals(read(dev.nodename() + "/online"))) {
            remove(cpu, dev, "the toolstack took it offline");
            dev.switchState(XenbusState.XenbusStateClosed);
        }
    }

    private void remove(GuestCpu cpu, BackendDevice dev, String why) {
        if (devices.remove(dev.nodename()) == null) {
            return;
        }
        try {
            xs.unwatch(dev.frontend() + "/state", dev.frontendWatchToken());
        } catch (XsException e) {
            // the watch is gone with the connection's state; nothing to undo
        }
        drivers.get(dev.type()).remove(cpu, dev);
    }

    /**
     * The backend of {@code type} dies: every device of the type is removed ({@link BackendDriver#remove}) after
     * switching to {@code Closing} then {@code Closed}, which its frontend sees; nothing of the type is probed until
     * {@link #startDriver}. Nothing happens if no driver serves the type or it is stopped already.
     *
     * @return the devices stopped
     */
    public int stopDriver(GuestCpu cpu, String type) {
        if (!drivers.containsKey(type) || !stopped.add(type)) {
            return 0;
        }
        List<BackendDevice> gone = devices(type);
        for (BackendDevice dev : gone) {
            dev.switchState(XenbusState.XenbusStateClosing);
            remove(cpu, dev, "the backend stopped");
            dev.switchState(XenbusState.XenbusStateClosed);
        }
        message(type + " backend stopped (" + gone.size() + " device" + (gone.size() == 1 ? "" : "s") + ")");
        printMessages(cpu);
        return gone.size();
    }

    /**
     * The backend of {@code type} is back: every device the toolstack has for it is probed again, as after loading a
     * backend module. Nothing happens unless {@link #stopDriver} stopped it.
     *
     * @return the devices probed
     */
    public int startDriver(GuestCpu cpu, String type) {
        if (!stopped.remove(type)) {
            return 0;
        }
        enumerate(cpu, type);
        int n = devices(type).size();
        message(type + " backend started (" + n + " device" + (n == 1 ? "" : "s") + ")");
        printMessages(cpu);
        return n;
    }

    /** Whether {@code type}'s backend is stopped ({@link #stopDriver}). */
    public boolean isStopped(String type) {
        return stopped.contains(type);
    }

    /** The devices of {@code type} served now, in node-name order. */
    public List<BackendDevice> devices(String type) {
        List<BackendDevice> out = new ArrayList<>();
        for (BackendDevice d : devices.values()) {
            if (d.type().equals(type)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The device at backend node {@code nodename}, or null. */
    public BackendDevice device(String nodename) {
        return devices.get(nodename);
    }

    /** What went wrong (failed writes, device errors), oldest first. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }

    void message(String m) {
        messages.add(m);
    }

    private String read(String path) {
        try {
            return xs.read(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return null;
        }
    }

    /** {@code xenbus_read_driver_state}: a state's decimal code, or {@code XenbusStateUnknown}. */
    static XenbusState parseState(String text) {
        if (text == null) {
            return XenbusState.XenbusStateUnknown;
        }
        int code = parseId(text.trim());
        XenbusState s = code < 0 ? null : XenbusState.ofCode(code);
        return s == null ? XenbusState.XenbusStateUnknown : s;
    }

    /** A small non-negative decimal number (at most 9 digits), or -1 for anything else. */
    public static int parseId(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + c - '0';
        }
        return v;
    }
}
