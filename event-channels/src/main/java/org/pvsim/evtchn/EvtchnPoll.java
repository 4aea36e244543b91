package org.pvsim.evtchn;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.EvtchnPortPoll;

/**
 * {@code evtchn_port_poll} ({@code xen/include/xen/event.h}) for {@code SCHEDOP_poll}: {@code -EINVAL} for a port that
 * is not valid or not usable (free or reserved), otherwise 1 if the ABI has it pending and 0 if not. Changes nothing,
 * allocates nothing.
 */
public final class EvtchnPoll implements EvtchnPortPoll {
    private final EvtchnDomainTable table;

    /** Answers from the port tables in {@code table}. */
    public EvtchnPoll(EvtchnDomainTable table) {
        this.table = table;
    }

    @Override
    public int poll(int domid, int port) {
        EvtchnDomain d = table.get(domid);
        if (d == null || !d.isValid(port) || !d.isUsable(port)) {
            return Errno.EINVAL.neg();
        }
        return d.ops().isPending(d, port) ? 1 : 0;
    }
}
