package org.pvsim.guest.evtchn;

import org.pvsim.evtchn.abi.EvtchnStat;

/**
 * What {@code EVTCHNOP_status} said of a port ({@code struct evtchn_status}, {@code xen/include/public/event_channel.h}).
 *
 * @param rc 0, or Xen's negative errno (then the other fields are 0 and {@code status} is {@code null})
 * @param status the port's state
 * @param vcpu the vCPU it notifies
 * @param remoteDom for {@code EVTCHNSTAT_unbound}, the domain allowed to bind it; for {@code EVTCHNSTAT_interdomain},
 *     the domain at the other end
 * @param remotePort for {@code EVTCHNSTAT_interdomain}, the port at the other end
 * @param irq for {@code EVTCHNSTAT_virq}, the VIRQ; for {@code EVTCHNSTAT_pirq}, the PIRQ
 */
public record PortStatus(long rc, EvtchnStat status, int vcpu, int remoteDom, int remotePort, int irq) {
    /** A failed status call. */
    public static PortStatus failed(long rc) {
        return new PortStatus(rc, null, 0, 0, 0, 0);
    }

    /** Whether the call succeeded. */
    public boolean ok() {
        return rc == 0;
    }
}
