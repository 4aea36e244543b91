package org.pvsim.guest.xenbus;

import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.guest.xenstore.XsReply;
import org.pvsim.guest.xenstore.XsReplyHandler;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenbusState;
import org.pvsim.hypervisor.abi.io.XsdErrors;
import org.pvsim.hypervisor.abi.io.XsdSockmsgType;

/**
 * One xenbus device as its frontend sees it, Linux's {@code struct xenbus_device} and the helpers of {@code
 * xenbus_client.c}: its node ({@code device/<type>/<id>}, relative to the domain's home), the other end's node and
 * domain (read from {@code backend} and {@code backend-id}), the state this end last published, and the state the
 * other end publishes, which a watch on {@code <otherend>/state} follows.
 *
 * <p>Invariant: {@link #state()} is what this end's {@code state} node holds once the last {@link #switchState}
 * committed; {@link #otherendState()} is the last value read from the other end's node ({@code XenbusStateUnknown}
 * until then, and for text that is no state: a hostile backend cannot make the kernel throw).
 */
public final class XenbusDevice {
    private final XenstoreClient xs;
    private final String nodename;
    private final String type;
    private final XenbusDriver driver;
    private String otherend;
    private int otherendId = -1;
    private XenbusState state = XenbusState.XenbusStateInitialising;
    private XenbusState otherendState = XenbusState.XenbusStateUnknown;
    private boolean watching;
    private String lastError;

    /**
     * A device at {@code nodename} (e.g. {@code device/vif/0}) of type {@code type}, driven by {@code driver}, using
     * the kernel's xenstore client.
     */
    public XenbusDevice(XenstoreClient xs, String nodename, String type, XenbusDriver driver) {
        this.xs = xs;
        this.nodename = nodename;
        this.type = type;
        this.driver = driver;
    }

    /** The device's node, relative to the domain's home: {@code device/<type>/<id>}. */
    public String nodename() {
        return nodename;
    }

    /** The device type: {@code vif}, {@code vbd}, ... */
    public String type() {
        return type;
    }

    /** The driver bound to it. */
    public XenbusDriver driver() {
        return driver;
    }

    /** The other end's node (the {@code backend} node's value), or null before it was read. */
    public String otherend() {
        return otherend;
    }

    /** The other end's domain ({@code backend-id}), or -1 before it was read. */
    public int otherendId() {
        return otherendId;
    }

    /** The state this end published last. */
    public XenbusState state() {
        return state;
    }

    /** The other end's state as last read. */
    public XenbusState otherendState() {
        return otherendState;
    }

    /** The last error reported with {@link #devError}/{@link #devFatal}, or null. */
    public String lastError() {
        return lastError;
    }

    /** The token of the watch on the other end's state: unique per device. */
    public String otherendWatchToken() {
        return "otherend:" + nodename;
    }

    /**
     * {@code xenbus_switch_state}: writes {@code newState}'s decimal code into {@code <nodename>/state}, in a
     * transaction that first reads the node (so that a concurrent change makes the commit fail with {@code EAGAIN}
     * and the transaction runs again). Nothing is sent if the device is already in that state. As in Linux, a state
     * node that cannot be read aborts the transaction quietly, and the device still counts as in the new state; any
     * other failure is reported with {@link #devFatal}-style text (without a second switch).
     *
     * @param done gets the final reply (OK, or the error); may be null
     */
    public void switchState(GuestCpu cpu, XenbusState newState, XsReplyHandler done) {
        if (newState == state) {
            if (done != null) {
                done.reply(cpu, XsReply.ok(XsdSockmsgType.XS_TRANSACTION_END));
            }
            return;
        }
        String path = nodename + "/state";
        int rc = xs.bind(cpu)
                .transaction(
                        (c, t) -> xs.bind(c).read(t.id(), path, (c2, current) -> {
                            if (current.isError()) {
                                t.abort(c2, null);
                                return;
                            }
                            xs.bind(c2).write(t.id(), path, Integer.toString(newState.code), (c3, written) -> {
                                if (written.isError()) {
                                    devError(c3, written.errno(), "writing new state");
                                    t.abort(c3, written);
                                } else {
                                    t.commit(c3);
                                }
                            });
                        }),
                        (c, end) -> {
                            if (end.isError()) {
                                devError(c, end.errno(), "ending transaction");
                            } else {
                                state = newState;
                            }
                            if (done != null) {
                                done.reply(c, end);
                            }
                        });
        if (rc < 0) {
            devError(cpu, XenstoreClient.errnoName(rc), "starting transaction");
        }
    }

    /**
     * {@code xenbus_dev_error}: writes {@code "<errno> <message>"} to {@code error/<nodename>/error}, where the
     * toolstack looks for a device's failure.
     */
    public void devError(GuestCpu cpu, String errno, String message) {
        lastError = errno + " " + message;
        xs.bind(cpu).write(XenstoreClient.XBT_NIL, "error/" + nodename + "/error", lastError, null);
    }

    /** {@code xenbus_dev_fatal}: {@link #devError}, then the device switches to {@code Closing}. */
    public void devFatal(GuestCpu cpu, String errno, String message) {
        devError(cpu, errno, message);
        switchState(cpu, XenbusState.XenbusStateClosing, null);
    }

    // -------------------------------------------------------------------------------------------------------------
    // probing (xenbus_probe.c)

    /**
     * {@code xenbus_dev_probe} for a frontend: reads {@code backend-id} and {@code backend} ({@code
     * xenbus_read_otherend_details}), checks that the backend's node exists, watches {@code <backend>/state}, then
     * calls the driver's {@link XenbusDriver#probe}. The existence check is an {@code XS_DIRECTORY}, as
     * {@code xenbus_exists}. A missing or unreadable detail is a {@link #devFatal}.
     */
    public void probe(GuestCpu cpu) {
        xs.bind(cpu).read(XenstoreClient.XBT_NIL, nodename + "/backend-id", (c, id) -> {
            int domid = parseDomid(id);
            if (domid < 0) {
                devFatal(c, id.isError() ? id.errno() : XsdErrors.EINVAL, "reading other end details from " + nodename);
                return;
            }
            xs.bind(c).read(XenstoreClient.XBT_NIL, nodename + "/backend", (c2, be) -> {
                if (be.isError() || be.value().isEmpty()) {
                    devFatal(
                            c2,
                            be.isError() ? be.errno() : XsdErrors.ENOENT,
                            "reading other end details from " + nodename);
                    return;
                }
                String path = be.value();
                xs.bind(c2).directory(XenstoreClient.XBT_NIL, path, (c3, exists) -> {
                    if (exists.isError()) {
                        devFatal(
                                c3,
                                XsdErrors.ENOENT,
                                "unable to read other end from " + path + ".  missing or inaccessible.");
                        return;
                    }
                    otherendId = domid;
                    otherend = path;
                    watchOtherend(c3);
                    int rc = driver.probe(c3, this);
                    if (rc < 0) {
                        devFatal(c3, XenstoreClient.errnoName(rc), "xenbus_dev_probe on " + nodename);
                    }
                });
            });
        });
    }

    /**
     * {@code watch_otherend}: watches {@code <otherend>/state}; each event re-reads it and, if it names a state,
     * hands it to the driver ({@code otherend_changed}); events for other paths (an old other end) are ignored.
     */
    public void watchOtherend(GuestCpu cpu) {
        if (watching || otherend == null) {
            return;
        }
        watching = true;
        String statePath = otherend + "/state";
        xs.bind(cpu)
                .watch(
                        statePath,
                        otherendWatchToken(),
                        (c, path, token) -> {
                            if (!path.equals(statePath)) {
                                return;
                            }
                            xs.bind(c).read(XenstoreClient.XBT_NIL, statePath, (c2, reply) -> {
                                XenbusState s = parseState(reply);
                                otherendState = s;
                                driver.otherendChanged(c2, this, s);
                            });
                        },
                        null);
    }

    /** Stops following the other end ({@code free_otherend_watch}). */
    public void unwatchOtherend(GuestCpu cpu) {
        if (watching) {
            watching = false;
            xs.bind(cpu).unwatch(otherend + "/state", otherendWatchToken(), null);
        }
    }

    /**
     * {@code xenbus_read_driver_state}: a state node's value as a state; {@code XenbusStateUnknown} if it cannot be
     * read (as Linux) or holds anything but a state's decimal code.
     */
    public static XenbusState parseState(XsReply reply) {
        if (reply.isError()) {
            return XenbusState.XenbusStateUnknown;
        }
        String v = reply.value().trim();
        if (v.isEmpty() || v.length() > 2) {
            return XenbusState.XenbusStateUnknown;
        }
        int code = 0;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch < '0' || ch > '9') {
                return XenbusState.XenbusStateUnknown;
            }
            code = code * 10 + ch - '0';
        }
        XenbusState s = XenbusState.ofCode(code);
        return s == null ? XenbusState.XenbusStateUnknown : s;
    }

    private static int parseDomid(XsReply reply) {
        if (reply.isError()) {
            return -1;
        }
        String v = reply.value();
        if (v.isEmpty() || v.length() > 5) {
            return -1;
        }
        int id = 0;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            id = id * 10 + ch - '0';
        }
        return id < 0x7FF0 ? id : -1;
    }

    @Override
    public String toString() {
        return nodename + " (" + type + ") state " + state + ", other end " + otherend + " (d" + otherendId + ") "
                + otherendState;
    }
}
