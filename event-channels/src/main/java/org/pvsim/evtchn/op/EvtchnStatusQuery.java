package org.pvsim.evtchn.op;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * {@code evtchn_status} ({@code xen/common/event_channel.c}): reads a port's state into a {@code struct
 * evtchn_status}. Only the fields Xen writes are written: {@code status}, {@code vcpu} and, by state, {@code
 * u.unbound.dom}, {@code u.interdomain.{dom,port}}, {@code u.pirq} or {@code u.virq}; the rest of the structure keeps
 * what the guest passed in, since Xen copies the whole structure back.
 */
final class EvtchnStatusQuery {
    private final EvtchnDomainTable table;

    EvtchnStatusQuery(EvtchnDomainTable table) {
        this.table = table;
    }

    /**
     * Fills {@code buf} (a {@code struct evtchn_status} read from the guest) for port {@code port} of {@code dom}.
     * Order: {@code -ESRCH}, {@code -EINVAL} (invalid port), then {@code XSM_TARGET} ({@code -EPERM} for another
     * domain's port unless privileged).
     *
     * @return 0 or a negative errno; {@code buf} is changed only on success
     */
    int status(HypercallContext ctx, int dom, long port, byte[] buf) {
        EvtchnDomain d = table.byAnyId(dom, ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        if (!d.isValid(port)) {
            return Errno.EINVAL.neg();
        }
        int rc = XsmDummy.target(ctx, d.domid());
        if (rc != 0) {
            return rc;
        }
        int p = (int) port;
        byte state = d.state(p);
        LittleEndian.putI32(buf, EvtchnStatusDescriptor.STATUS_OFFSET, EvtchnDomain.evtchnStat(state));
        switch (state) {
            case EvtchnDomain.ECS_UNBOUND:
            case EvtchnDomain.ECS_INTERDOMAIN:
                LittleEndian.putU16(buf, EvtchnStatusDescriptor.U_DOM_OFFSET, d.remoteDomid(p));
                if (state == EvtchnDomain.ECS_INTERDOMAIN) {
                    LittleEndian.putI32(buf, EvtchnStatusDescriptor.U_PORT_OFFSET, d.remotePort(p));
                }
                break;
            case EvtchnDomain.ECS_PIRQ:
            case EvtchnDomain.ECS_VIRQ:
                LittleEndian.putI32(buf, EvtchnStatusDescriptor.U_IRQ_OFFSET, d.irq(p));
                break;
            default: // closed and IPI: nothing in u
                break;
        }
        LittleEndian.putI32(buf, EvtchnStatusDescriptor.VCPU_OFFSET, d.notifyVcpu(p));
        return 0;
    }
}
