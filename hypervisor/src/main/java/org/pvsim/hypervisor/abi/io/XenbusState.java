package org.pvsim.hypervisor.abi.io;

/**
 * {@code enum xenbus_state} ({@code xen/include/public/io/xenbus.h}): the state a split driver's frontend and backend
 * each publish in their {@code state} node. Startup goes Initialising, (InitWait,) (Initialised,) Connected on each
 * side; teardown goes Closing, Closed.
 */
public enum XenbusState {
    XenbusStateUnknown(0),
    XenbusStateInitialising(1),
    /** The backend waits for the frontend's details (rings, event channel) after publishing its features. */
    XenbusStateInitWait(2),
    /** The frontend has published its details. */
    XenbusStateInitialised(3),
    XenbusStateConnected(4),
    /** Going away: on an error or an unplug. */
    XenbusStateClosing(5),
    XenbusStateClosed(6),
    XenbusStateReconfiguring(7),
    XenbusStateReconfigured(8);

    private static final XenbusState[] BY_CODE = values();

    /** The value written to the {@code state} node, as decimal text. */
    public final int code;

    XenbusState(int code) {
        this.code = code;
    }

    /** The state with value {@code code}, or {@code null} if none has it. */
    public static XenbusState ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
