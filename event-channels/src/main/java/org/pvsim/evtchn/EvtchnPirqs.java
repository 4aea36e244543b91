package org.pvsim.evtchn;

import org.pvsim.hypervisor.spi.PirqSink;

/**
 * Where the hypervisor's physical interrupts arrive ({@code send_guest_pirq}, {@code xen/common/event_channel.c}): the
 * port bound to the PIRQ is set pending on its notify vCPU; a PIRQ with no port bound does nothing. Allocates nothing.
 */
public final class EvtchnPirqs implements PirqSink {
    private final EvtchnDomainTable table;

    /** A sink over the port tables in {@code table}. */
    public EvtchnPirqs(EvtchnDomainTable table) {
        this.table = table;
    }

    @Override
    public void send(int domid, int pirq, long now) {
        EvtchnDomain d = table.get(domid);
        if (d == null || pirq < 0 || pirq >= EvtchnDomain.NR_PIRQS) {
            return;
        }
        int port = d.pirqPort(pirq);
        if (port != 0) {
            d.portSetPending(d.notifyVcpu(port), port, now);
        }
    }
}
