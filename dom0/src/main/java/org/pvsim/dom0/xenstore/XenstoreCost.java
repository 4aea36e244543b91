package org.pvsim.dom0.xenstore;

/**
 * The CPU time xenstored spends, charged to dom0 by the host glue ({@link Xenstored#takeCostNs()}). Xen's xenstored
 * costs what its C code costs on the host; pvsim models it with a few named figures of the right order (a small
 * request on a C xenstored takes a few microseconds including the ring and event channel work).
 */
public final class XenstoreCost {
    /** Handling one request: parse, look up, reply. */
    public static final long REQUEST_BASE_NS = 2_000;
    /** Per byte of request and reply payload (copying, string handling). */
    public static final long PER_BYTE_NS = 2;
    /** Queuing one watch event for a client (matching and formatting). */
    public static final long WATCH_EVENT_NS = 500;
    /** Per node written or deleted (a tdb/hashtable update). */
    public static final long NODE_WRITE_NS = 300;

    private XenstoreCost() {}
}
