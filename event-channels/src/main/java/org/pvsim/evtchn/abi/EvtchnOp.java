package org.pvsim.evtchn.abi;

/**
 * {@code event_channel_op} commands ({@code EVTCHNOP_*}, {@code xen/include/public/event_channel.h}): the first
 * argument of hypercall {@code event_channel_op} (32); the second is the address of the command's structure.
 */
public enum EvtchnOp {
    EVTCHNOP_bind_interdomain(0),
    EVTCHNOP_bind_virq(1),
    EVTCHNOP_bind_pirq(2),
    EVTCHNOP_close(3),
    EVTCHNOP_send(4),
    EVTCHNOP_status(5),
    EVTCHNOP_alloc_unbound(6),
    EVTCHNOP_bind_ipi(7),
    EVTCHNOP_bind_vcpu(8),
    EVTCHNOP_unmask(9),
    EVTCHNOP_reset(10),
    EVTCHNOP_init_control(11),
    EVTCHNOP_expand_array(12),
    EVTCHNOP_set_priority(13);

    private static final EvtchnOp[] BY_CODE = new EvtchnOp[13 + 1];

    static {
        for (EvtchnOp c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    EvtchnOp(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static EvtchnOp ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
