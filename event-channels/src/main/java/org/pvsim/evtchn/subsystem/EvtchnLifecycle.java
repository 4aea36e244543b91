package org.pvsim.evtchn.subsystem;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.EvtchnHostServices;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.op.EvtchnClose;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * Event channels in a domain's life ({@code xen/common/domain.c}): {@code evtchn_init} at creation (an empty table
 * on the 2-level ABI, one bucket, port 0 reserved, {@code max_evtchn_port} from the domain's configuration), {@code
 * evtchn_destroy} when it is killed (every port closed: each interdomain peer reverts to unbound, offered to the
 * dying domain), and forgetting it at final destruction.
 */
public final class EvtchnLifecycle implements SubsystemDomainHook {
    private final EvtchnDomainTable table;
    private final SubsystemHost host;
    private final EvtchnHostServices services;
    private final EvtchnClose close;

    /** The hook that keeps {@code table} in step with the host's domains, destroying through {@code close}. */
    public EvtchnLifecycle(
            EvtchnDomainTable table, SubsystemHost host, EvtchnHostServices services, EvtchnClose close) {
        this.table = table;
        this.host = host;
        this.services = services;
        this.close = close;
    }

    /**
     * {@code evtchn_init(d, max_evtchn_port)}: 0, or {@code -EINVAL} if port 0 cannot be had (as Xen; it always can).
     */
    @Override
    public int domainCreated(int domid, long now) {
        EvtchnDomain d = new EvtchnDomain(
                domid,
                host.domains().maxVcpus(domid),
                host.domains().sharedInfoMfn(domid),
                host.memory(),
                services,
                TwoLevelPortOps.INSTANCE);
        d.setMaxEvtchnPort(host.domains().maxEvtchnPort(domid));
        int port0 = d.getFreePort();
        if (port0 != 0) {
            return Errno.EINVAL.neg();
        }
        d.setState(0, EvtchnDomain.ECS_RESERVED);
        table.put(d);
        return 0;
    }

    /** {@code evtchn_destroy(d)}: closes every port of the dying domain. */
    @Override
    public void domainKilled(int domid, long now) {
        EvtchnDomain d = table.get(domid);
        if (d != null && !d.isDying()) {
            close.destroy(d, now);
        }
    }

    /**
     * {@code evtchn_destroy_final}: forgets the domain. One destroyed without being killed (a failed creation) has its
     * ports closed first, as Xen's creation error path does.
     */
    @Override
    public void domainDestroyed(int domid, long now) {
        EvtchnDomain d = table.get(domid);
        if (d == null) {
            return;
        }
        if (!d.isDying()) {
            close.destroy(d, now);
        }
        table.remove(domid);
    }
}
