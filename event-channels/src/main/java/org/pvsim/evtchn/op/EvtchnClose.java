package org.pvsim.evtchn.op;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.VirqType;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.fifo.FifoAbi;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * Taking ports out of use ({@code xen/common/event_channel.c}): {@code evtchn_close} for one port, {@code
 * evtchn_reset} for all of a domain's ports (and back to the 2-level ABI), and {@code evtchn_destroy} when a domain
 * dies.
 *
 * <p>Invariant kept (I11): closing one end of an interdomain channel reverts the other end to {@code ECS_UNBOUND},
 * offered to the closer's domain, so it can be bound again; closing a VIRQ port clears its {@code virq_to_evtchn}
 * entry; a freed port's pending state is cleared, its notify vCPU reset to 0 and its priority to the default.
 */
public final class EvtchnClose {
    private final EvtchnDomainTable table;
    private final SubsystemHost host;
    private final FifoAbi fifo;

    /** Closes ports of the domains in {@code table}, releasing FIFO state through {@code fifo}. */
    public EvtchnClose(EvtchnDomainTable table, SubsystemHost host, FifoAbi fifo) {
        this.table = table;
        this.host = host;
        this.fifo = fifo;
    }

    /**
     * {@code evtchn_close(d1, port1)}: {@code -EINVAL} for an invalid, free or reserved port; otherwise unlinks and
     * frees it and returns 0. The journal gets {@code CLOSE} (with the port's former {@code EVTCHNSTAT_*}), then the
     * pending-state clear; an interdomain peer's return to unbound is reported as a {@code BIND}.
     */
    public int close(EvtchnDomain d1, long port1, long now) {
        if (!d1.isValid(port1)) {
            return Errno.EINVAL.neg();
        }
        int port = (int) port1;
        byte state = d1.state(port);
        EvtchnDomain d2 = null;
        int port2 = 0;
        switch (state) {
            case EvtchnDomain.ECS_FREE:
            case EvtchnDomain.ECS_RESERVED:
                return Errno.EINVAL.neg();
            case EvtchnDomain.ECS_VIRQ: {
                int virq = d1.irq(port);
                d1.setVirqPort(VirqType.tableVcpu(virq, d1.notifyVcpu(port)), virq, 0);
                break;
            }
            case EvtchnDomain.ECS_INTERDOMAIN:
                d2 = table.get(d1.remoteDomid(port));
                port2 = d1.remotePort(port);
                break;
            case EvtchnDomain.ECS_PIRQ: {
                int pirq = d1.irq(port);
                host.pirqs().guestUnbind(d1.domid(), pirq);
                d1.setPirqPort(pirq, 0);
                break;
            }
            default: // ECS_UNBOUND, ECS_IPI: nothing else points at the port
                break;
        }
        host.journal().evtchn(EvtchnEvent.CLOSE, d1.domid(), d1.notifyVcpu(port), port, EvtchnDomain.evtchnStat(state));
        d1.free(port, now);
        if (d2 != null
                && d2.isValid(port2)
                && d2.state(port2) == EvtchnDomain.ECS_INTERDOMAIN
                && d2.remoteDomid(port2) == d1.domid()
                && d2.remotePort(port2) == port) {
            d2.setState(port2, EvtchnDomain.ECS_UNBOUND);
            d2.setRemoteDomid(port2, d1.domid());
            d2.setRemotePort(port2, 0);
            host.journal()
                    .evtchn(
                            EvtchnEvent.BIND,
                            d2.domid(),
                            d2.notifyVcpu(port2),
                            port2,
                            EvtchnStat.EVTCHNSTAT_unbound.code);
        }
        return 0;
    }

    /**
     * {@code evtchn_reset(d)} after the caller passed {@code XSM_TARGET}: {@code -EINVAL} if {@code d} is not the
     * caller and the toolstack has not paused it ({@code controller_pause_count} 0); {@code -EBUSY} for {@code
     * EVTCHNOP_reset_cont} ({@code resuming}), since pvsim never preempts a reset and so none is in progress. Otherwise
     * closes every port in ascending order and puts the domain back on the 2-level ABI, releasing the FIFO pages.
     */
    public int reset(EvtchnDomain d, int callerDomid, boolean resuming, long now) {
        if (d.domid() != callerDomid && host.domains().controllerPauseCount(d.domid()) <= 0) {
            return Errno.EINVAL.neg();
        }
        if (resuming) {
            return Errno.EBUSY.neg();
        }
        for (int port = 1; port < d.validPorts(); port++) {
            if (d.state(port) != EvtchnDomain.ECS_FREE) {
                close(d, port, now);
            }
        }
        backToTwoLevel(d);
        return 0;
    }

    /**
     * {@code evtchn_destroy(d)}: the domain is dying; from now on it allocates nothing, every port is closed (highest
     * first, as Xen does), so each interdomain peer reverts to unbound offered to {@code d}, and the FIFO pages are
     * released. Done at once: pvsim does not preempt it.
     */
    public void destroy(EvtchnDomain d, long now) {
        d.setDying();
        for (int port = d.validPorts() - 1; port > 0; port--) {
            if (d.state(port) != EvtchnDomain.ECS_FREE) {
                close(d, port, now);
            }
        }
        backToTwoLevel(d);
    }

    private void backToTwoLevel(EvtchnDomain d) {
        boolean wasFifo = d.ops() != TwoLevelPortOps.INSTANCE;
        fifo.teardown(d);
        if (d.ops() != TwoLevelPortOps.INSTANCE) {
            d.setOps(TwoLevelPortOps.INSTANCE);
            d.setAbiState(null);
        }
        if (wasFifo) {
            host.journal().evtchn(EvtchnEvent.ABI, d.domid(), -1, -1, 0);
        }
    }
}
