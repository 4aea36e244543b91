package org.pvsim.hypervisor.spi;

/**
 * What the event-channel subsystem reports to the journal (EVTCHN output records): every send, every change of a
 * port's pending state that Xen makes, and every change of a vCPU's {@code evtchn_upcall_pending}. The codes are part
 * of the journal format: never renumber them.
 */
public enum EvtchnEvent {
    /** {@code EVTCHNOP_send} on a port; arg: the port notified ((remote domid &lt;&lt; 32) | port), or -1 if dropped. */
    SEND(1),
    /** Xen set a port pending ({@code evtchn_port_set_pending}); the header vCPU is the notify vCPU; arg: 1 if it was newly pending, 0 if it already was. */
    SET_PENDING(2),
    /** Xen cleared a port's pending bit ({@code evtchn_port_clear_pending}: close, reset); arg: 0. */
    CLEAR_PENDING(3),
    /** {@code vcpu_mark_events_pending} set a vCPU's {@code evtchn_upcall_pending}; port: -1; arg: 0. */
    UPCALL_PENDING(4),
    /** A port was bound or allocated; arg: its {@code EVTCHNSTAT_*} state. */
    BIND(5),
    /** A port was closed; arg: the state it had. */
    CLOSE(6),
    /** {@code EVTCHNOP_unmask} redelivered a pending port; arg: 0. */
    UNMASK_REDELIVER(7),
    /** The domain's event ABI changed; port: -1; arg: 0 for 2-level, 1 for FIFO. */
    ABI(8);

    private static final EvtchnEvent[] BY_CODE = new EvtchnEvent[8 + 1];

    static {
        for (EvtchnEvent e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    /** The code in the journal record. */
    public final int code;

    EvtchnEvent(int code) {
        this.code = code;
    }

    /** The event with this code, or {@code null}. */
    public static EvtchnEvent ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
