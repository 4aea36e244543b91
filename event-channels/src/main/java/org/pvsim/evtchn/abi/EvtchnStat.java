package org.pvsim.evtchn.abi;

/**
 * {@code EVTCHNSTAT_*} ({@code xen/include/public/event_channel.h}): what {@code EVTCHNOP_status} reports of a port.
 * A free or reserved port is {@link #EVTCHNSTAT_closed}.
 */
public enum EvtchnStat {
    /** Not in use (internally free or reserved). */
    EVTCHNSTAT_closed(0),
    /** Waiting for a connection from {@code u.unbound.dom}. */
    EVTCHNSTAT_unbound(1),
    /** Connected to {@code u.interdomain.port} of {@code u.interdomain.dom}. */
    EVTCHNSTAT_interdomain(2),
    /** Bound to physical IRQ {@code u.pirq}. */
    EVTCHNSTAT_pirq(3),
    /** Bound to virtual IRQ {@code u.virq}. */
    EVTCHNSTAT_virq(4),
    /** Bound to an IPI on the port's vCPU. */
    EVTCHNSTAT_ipi(5);

    private static final EvtchnStat[] BY_CODE = new EvtchnStat[5 + 1];

    static {
        for (EvtchnStat c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    EvtchnStat(int code) {
        this.code = code;
    }

    /** The constant with this numeric value, or {@code null} if Xen defines none. */
    public static EvtchnStat ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
