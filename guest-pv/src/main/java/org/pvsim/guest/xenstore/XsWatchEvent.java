package org.pvsim.guest.xenstore;

/**
 * A watch event kept for a poller ({@link XenstoreClient#pollWatchEvent()}), for watches registered without a
 * callback.
 *
 * @param path the node that changed
 * @param token the watch's token
 */
public record XsWatchEvent(String path, String token) {}
