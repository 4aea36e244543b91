package org.pvsim.dom0.xenstore;

/**
 * One registered watch ({@code struct watch} of {@code watch.c}): the absolute node watched, the client's token, and
 * how many leading characters of a changed path to drop when reporting it ({@code prefix_len}: the connection's home
 * and its slash for a watch registered with a relative path, else 0).
 */
record XsWatch(String node, String token, int prefixLen) {
    /** {@code get_watch_path}: the path as the client should see it. */
    String reported(String path) {
        return path.substring(Math.min(prefixLen, path.length()));
    }
}
