package org.pvsim.dom0.backend;

import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.hypervisor.abi.io.XenbusState;

/**
 * One backend device as its driver sees it, Linux's {@code struct xenbus_device} on the backend side and the helpers
 * of {@code xenbus_client.c}: its node ({@code /local/domain/0/backend/<type>/<domid>/<devid>}), the frontend's node
 * and domain, the state this end last wrote and the frontend's last state read.
 *
 * <p>Invariant: {@link #state()} is what this end last wrote into its {@code state} node (or found there when the
 * bus met the device); reads of values the frontend or the toolstack wrote never throw: a missing or unreadable
 * node is {@code null}.
 */
public final class BackendDevice {
    private final XsSocket xs;
    private final String type;
    private final int frontendId;
    private final int devid;
    private final String nodename;
    private final String frontend;
    private final XenbusBackendBus bus;
    private XenbusState state;
    private XenbusState frontendState = XenbusState.XenbusStateUnknown;
    private String lastError;
    private Object data;

    BackendDevice(
            XenbusBackendBus bus,
            XsSocket xs,
            String type,
            int frontendId,
            int devid,
            String nodename,
            String frontend,
            XenbusState state) {
        this.bus = bus;
        this.xs = xs;
        this.type = type;
        this.frontendId = frontendId;
        this.devid = devid;
        this.nodename = nodename;
        this.frontend = frontend;
        this.state = state;
    }

    /** The backend node: {@code /local/domain/0/backend/<type>/<domid>/<devid>}. */
    public String nodename() {
        return nodename;
    }

    /** The device type ({@code vbd}, {@code vif}). */
    public String type() {
        return type;
    }

    /** The frontend's domain. */
    public int frontendId() {
        return frontendId;
    }

    /** The device id (the last element of the node). */
    public int devid() {
        return devid;
    }

    /** The frontend's node, as the toolstack wrote it into {@code frontend}. */
    public String frontend() {
        return frontend;
    }

    /** The state this end last wrote. */
    public XenbusState state() {
        return state;
    }

    /** The frontend's state as last read. */
    public XenbusState frontendState() {
        return frontendState;
    }

    void frontendState(XenbusState s) {
        frontendState = s;
    }

    void stateFound(XenbusState s) {
        state = s;
    }

    /** The last error written with {@link #devError}, or null. */
    public String lastError() {
        return lastError;
    }

    /**
     * {@code xenbus_switch_state}: writes {@code s}'s code into {@code <nodename>/state}; nothing if already there. A
     * failed write is reported ({@link XenbusBackendBus#messages()}) and the state is kept.
     */
    public void switchState(XenbusState s) {
        if (s == state) {
            return;
        }
        try {
            xs.write(XsSocket.XBT_NULL, nodename + "/state", Integer.toString(s.code));
            state = s;
        } catch (XsException e) {
            bus.message(nodename + ": writing state " + s + " failed: " + e.errno());
        }
    }

    /** {@code <nodename>/<key>}, or null if it is missing or unreadable. */
    public String read(String key) {
        return readPath(nodename + "/" + key);
    }

    /** {@code <frontend>/<key>}, or null if it is missing or unreadable. */
    public String readFrontend(String key) {
        return readPath(frontend + "/" + key);
    }

    /** {@code <frontend>/<key>} as a small non-negative decimal number, or -1 if it is missing or anything else. */
    public int readFrontendNumber(String key) {
        String v = readFrontend(key);
        return v == null ? -1 : XenbusBackendBus.parseId(v);
    }

    private String readPath(String path) {
        try {
            return xs.read(XsSocket.XBT_NULL, path);
        } catch (XsException e) {
            return null;
        }
    }

    /** Writes {@code <nodename>/<key>}; a failure is reported, not thrown. */
    public void write(String key, String value) {
        try {
            xs.write(XsSocket.XBT_NULL, nodename + "/" + key, value);
        } catch (XsException e) {
            bus.message(nodename + ": writing " + key + " failed: " + e.errno());
        }
    }

    /**
     * {@code xenbus_dev_error}: records {@code message} in {@code error/<nodename>/error} of dom0 (where the toolstack
     * looks for a device's failure) and in the bus's messages.
     */
    public void devError(String message) {
        lastError = message;
        bus.message(nodename + ": " + message);
        try {
            xs.write(
                    XsSocket.XBT_NULL,
                    "/local/domain/0/error" + nodename.substring("/local/domain/0".length()) + "/error",
                    message);
        } catch (XsException e) {
            // the message is in the bus's list already
        }
    }

    /** {@code xenbus_dev_fatal}: {@link #devError}, then the device switches to {@code Closing}. */
    public void devFatal(String message) {
        devError(message);
        switchState(XenbusState.XenbusStateClosing);
    }

    /** The driver's per-device state, or null. */
    public Object data() {
        return data;
    }

    /** Sets the driver's per-device state. */
    public void data(Object d) {
        this.data = d;
    }

    /** The token of the bus's watch on the frontend's state. */
    String frontendWatchToken() {
        return "fe:" + nodename;
    }

    @Override
    public String toString() {
        return nodename + " state " + state + ", frontend " + frontend + " " + frontendState;
    }
}
