package org.pvsim.evtchn;

/**
 * {@code struct evtchn_port_ops} ({@code xen/include/xen/event.h}): how one event-channel ABI keeps a port's pending
 * and mask state in guest memory and turns a newly pending port into an upcall. There are two implementations, one
 * per ABI: {@code TwoLevelPortOps} ({@code common/event_2l.c}) and {@code fifo.FifoPortOps} ({@code
 * common/event_fifo.c}). A domain starts on the 2-level ABI; {@code EVTCHNOP_init_control} moves it to FIFO and
 * {@code EVTCHNOP_reset} back.
 *
 * <p>Every method is called with a port that is valid for the domain ({@link EvtchnDomain#isValid}); none throws or
 * allocates. Raising an upcall goes through {@link EvtchnDomain#markEventsPending}, which is {@code
 * vcpu_mark_events_pending}.
 */
public interface EvtchnPortOps {
    /** {@code set_pending}: marks {@code port} pending for notify vCPU {@code vcpu}; raises an upcall if it should. */
    void setPending(EvtchnDomain d, int vcpu, int port, long now);

    /** {@code clear_pending}: Xen clears the pending state of a port it frees or resets. */
    void clearPending(EvtchnDomain d, int port, long now);

    /** {@code unmask}: clears the port's mask and, if it is pending, delivers it again. */
    void unmask(EvtchnDomain d, int port, long now);

    /** {@code is_pending}. */
    boolean isPending(EvtchnDomain d, int port);

    /** {@code is_masked}. */
    boolean isMasked(EvtchnDomain d, int port);

    /** {@code is_busy}: the port cannot be reused yet (FIFO: still LINKED in a queue); 2-level: never. */
    boolean isBusy(EvtchnDomain d, int port);

    /**
     * {@code set_priority}, called for a usable port of an ABI that {@link #hasSetPriority has one}: {@code -EINVAL} if
     * {@code priority}, an unsigned 32-bit value, is above 15 (so a negative int is too), else 0. An ABI without
     * priorities answers {@code -ENOSYS}.
     */
    int setPriority(EvtchnDomain d, int port, int priority);

    /**
     * Whether the ABI has a {@code set_priority} operation (Xen's {@code evtchn_port_ops.set_priority != NULL}): if
     * not, {@code EVTCHNOP_set_priority} answers {@code -ENOSYS} before it looks at the port's state. FIFO has one;
     * 2-level has none.
     */
    default boolean hasSetPriority() {
        return true;
    }

    /** The number of ports the ABI can name for {@code d} now ({@code d->max_evtchns}). */
    int maxPorts(EvtchnDomain d);
}
