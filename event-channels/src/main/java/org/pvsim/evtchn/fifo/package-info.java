/**
 * The FIFO event-channel ABI ({@code xen/common/event_fifo.c}, {@code xen/include/public/event_channel.h}).
 *
 * <p>{@link org.pvsim.evtchn.fifo.FifoAbi} is the life cycle ({@code EVTCHNOP_init_control}, {@code
 * EVTCHNOP_expand_array}, teardown on reset and death), {@link org.pvsim.evtchn.fifo.FifoPortOps} the per-port
 * algorithms behind {@link org.pvsim.evtchn.EvtchnPortOps}, and {@link org.pvsim.evtchn.fifo.EvtchnFifoDomain} the
 * state Xen keeps privately. What the guest sees lives in its own frames:
 *
 * <pre>
 *  control block (per vCPU, 72 bytes at an 8-aligned offset)     event array (1024 words per page, up to 128 pages)
 *  +-------+------+---------+---------+-----+----------+         word[port] = P M L B . . . . . . link (17 bits)
 *  | ready | rsvd | head[0] | head[1] | ... | head[15] |                      31 30 29 28          16..0
 *  +-------+------+---------+---------+-----+----------+
 *      |             |                                            queue 7 of vCPU 0:
 *      bit q set:    +--&gt; word[5] --link--&gt; word[9] --link--&gt; word[12] (link 0)  &lt;-- Xen's private tail
 *      queue q has
 *      events
 * </pre>
 *
 * <p>Xen appends a newly pending, unmasked, unlinked port to the tail of its queue (queue = the port's priority, on
 * its notify vCPU); the guest consumes from the head, clearing LINKED, and reads {@code head[q]} again only when it
 * reached the end of the queue, because Xen writes {@code head[q]} only when it finds the queue empty.
 */
package org.pvsim.evtchn.fifo;
