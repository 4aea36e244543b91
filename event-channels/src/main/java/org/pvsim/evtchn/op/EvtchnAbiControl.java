package org.pvsim.evtchn.op;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.fifo.FifoAbi;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.HypercallContext;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * The sub-ops that belong to the FIFO ABI: {@code EVTCHNOP_init_control} and {@code EVTCHNOP_expand_array} ({@code
 * evtchn_fifo_init_control}, {@code evtchn_fifo_expand_array}, in {@link FifoAbi}), and {@code EVTCHNOP_set_priority}
 * ({@code evtchn_set_priority}, which asks the domain's current ABI: 2-level answers {@code -ENOSYS}).
 */
final class EvtchnAbiControl {
    private final EvtchnDomainTable table;
    private final SubsystemHost host;
    private final FifoAbi fifo;

    EvtchnAbiControl(EvtchnDomainTable table, SubsystemHost host, FifoAbi fifo) {
        this.table = table;
        this.host = host;
        this.fifo = fifo;
    }

    /**
     * {@code evtchn_fifo_init_control} for the caller; reports {@code ABI} 1 when the call moved the domain off the
     * 2-level ABI.
     */
    int initControl(HypercallContext ctx, long controlGfn, int offset, int vcpu) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        boolean wasTwoLevel = d.ops() == TwoLevelPortOps.INSTANCE;
        int rc = fifo.initControl(d, controlGfn, offset, vcpu);
        if (rc == 0 && wasTwoLevel && d.ops() != TwoLevelPortOps.INSTANCE) {
            host.journal().evtchn(EvtchnEvent.ABI, d.domid(), -1, -1, 1);
        }
        return rc;
    }

    /** {@code evtchn_fifo_expand_array} for the caller. */
    int expandArray(HypercallContext ctx, long arrayGfn) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        return fifo.expandArray(d, arrayGfn, ctx.now());
    }

    /**
     * {@code evtchn_set_priority} and {@code evtchn_port_set_priority}: {@code -EINVAL} for an invalid port, {@code
     * -ENOSYS} if the domain's ABI has no priorities (2-level), {@code -EACCES} for a free or reserved port, else the
     * ABI's answer ({@code -EINVAL} above 15, or 0).
     */
    int setPriority(HypercallContext ctx, long port, int priority) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null || !d.isValid(port)) {
            return Errno.EINVAL.neg();
        }
        if (!d.ops().hasSetPriority()) {
            return Errno.ENOSYS.neg();
        }
        if (!d.isUsable((int) port)) {
            return Errno.EACCES.neg();
        }
        return d.ops().setPriority(d, (int) port, priority);
    }
}
