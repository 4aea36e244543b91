package org.pvsim.evtchn.op;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.HypercallContext;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * The notification path ({@code xen/common/event_channel.c}): {@code evtchn_send} and {@code evtchn_unmask}. Both are
 * hot: they allocate nothing.
 */
final class EvtchnNotify {
    private final EvtchnDomainTable table;
    private final SubsystemHost host;

    EvtchnNotify(EvtchnDomainTable table, SubsystemHost host) {
        this.table = table;
        this.host = host;
    }

    /**
     * {@code evtchn_send(current->domain, port)}: an interdomain port sets its peer pending on the peer's notify vCPU;
     * an IPI port sets itself pending on its vCPU; an unbound port drops the notification and answers 0; anything
     * else, or an invalid port, is {@code -EINVAL}. Reports {@code SEND} with the port notified ((domid &lt;&lt; 32) |
     * port), or -1 when dropped, before the pending change.
     */
    int send(HypercallContext ctx, long lport) {
        EvtchnDomain ld = table.get(ctx.callerDomid());
        if (ld == null || !ld.isValid(lport)) {
            return Errno.EINVAL.neg();
        }
        int port = (int) lport;
        long now = ctx.now();
        switch (ld.state(port)) {
            case EvtchnDomain.ECS_INTERDOMAIN: {
                EvtchnDomain rd = table.get(ld.remoteDomid(port));
                int rport = ld.remotePort(port);
                if (rd == null || !rd.isValid(rport)) {
                    return Errno.EINVAL.neg(); // unreachable while I11 holds
                }
                report(ctx, ld, port, ((long) rd.domid() << 32) | rport);
                rd.portSetPending(rd.notifyVcpu(rport), rport, now);
                return 0;
            }
            case EvtchnDomain.ECS_IPI:
                report(ctx, ld, port, ((long) ld.domid() << 32) | port);
                ld.portSetPending(ld.notifyVcpu(port), port, now);
                return 0;
            case EvtchnDomain.ECS_UNBOUND:
                report(ctx, ld, port, -1);
                return 0;
            default:
                return Errno.EINVAL.neg();
        }
    }

    private void report(HypercallContext ctx, EvtchnDomain ld, int port, long notified) {
        host.journal().evtchn(EvtchnEvent.SEND, ld.domid(), ctx.callerVcpuId(), port, notified);
    }

    /**
     * {@code evtchn_unmask}: {@code -EINVAL} for an invalid port; otherwise the ABI's unmask for a usable port (a free
     * or reserved one is left alone) and 0.
     */
    int unmask(HypercallContext ctx, long port) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null || !d.isValid(port)) {
            return Errno.EINVAL.neg();
        }
        int p = (int) port;
        if (d.isUsable(p)) {
            d.ops().unmask(d, p, ctx.now());
        }
        return 0;
    }
}
