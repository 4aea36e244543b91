package org.pvsim.evtchn;

/**
 * What an event-channel ABI ({@link EvtchnPortOps}) needs from the rest of the subsystem besides the port table:
 * raising upcalls, waking pollers, and reporting journal outputs. Implemented once, by the subsystem; allocates
 * nothing.
 */
public interface EvtchnHostServices {
    /** {@code vcpu_mark_events_pending} for vCPU {@code vcpu} of {@code d}. */
    void markEventsPending(EvtchnDomain d, int vcpu, long now);

    /** {@code evtchn_check_pollers}: wakes the vCPUs of {@code d} polling on {@code port}. */
    void checkPollers(EvtchnDomain d, int port, long now);

    /**
     * Reports that Xen set {@code port} pending on {@code vcpu}: {@code newlyPending} false if it already was. Every
     * ABI calls it once per {@code set_pending}.
     */
    void pendingSet(EvtchnDomain d, int vcpu, int port, boolean newlyPending);

    /** Reports that Xen cleared {@code port}'s pending state. */
    void pendingCleared(EvtchnDomain d, int port);

    /**
     * Reports that {@code EVTCHNOP_unmask} found {@code port} pending and is raising it again on {@code vcpu} (the
     * journal's {@code UNMASK_REDELIVER}). An ABI calls it just before it marks events pending for that reason; the
     * default reports nothing.
     */
    default void unmaskRedelivered(EvtchnDomain d, int vcpu, int port) {}
}
