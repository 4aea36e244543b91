package org.pvsim.guest.xenstore;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * A watch's callback, Linux's {@code xenbus_watch.callback}: runs in the store port's event handler for each {@code
 * XS_WATCH_EVENT} whose token is the watch's. xenstored fires every watch once when it is registered, so the callback
 * must cope with a node that does not exist (yet).
 */
@FunctionalInterface
public interface XsWatchHandler {
    /**
     * Handles a watch event: {@code path} is the node that changed (at or below the watched path, or the watched
     * special path such as {@code @releaseDomain}), {@code token} the watch's token.
     */
    void fired(GuestCpu cpu, String path, String token);
}
