package org.pvsim.dom0.xenstore;

/**
 * A {@code XS_WATCH_EVENT} as a client receives it: the path that changed (relative to the client's domain path if
 * the watch was registered with a relative path, as {@code get_watch_path} in {@code watch.c} reports it) and the
 * token given to {@code XS_WATCH}.
 *
 * @param path the changed node, or the watched special path ({@code @introduceDomain}, {@code @releaseDomain})
 * @param token the watch's token
 */
public record XsWatchEvent(String path, String token) {}
