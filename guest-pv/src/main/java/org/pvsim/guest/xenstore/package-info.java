/**
 * A guest kernel's xenstore client ({@code drivers/xen/xenbus/xenbus_xs.c} and {@code xenbus_comms.c}): requests
 * and replies over the xenstore ring page, watches and transactions, asynchronous because pvsim's kernels have no
 * threads ({@link org.pvsim.guest.xenstore.XenstoreClient}).
 *
 * <pre>
 *   kernel code ── read/write/watch ──► XenstoreClient ── xsd_sockmsg ──► req ring ──► xenstored (dom0)
 *        ▲                                    │                                           │
 *        └──── XsReplyHandler / XsWatchHandler ◄── store port handler ◄── rsp ring ◄──────┘
 * </pre>
 */
package org.pvsim.guest.xenstore;
