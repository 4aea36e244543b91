package org.pvsim.evtchn.fifo;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * STUB, to be replaced by the FIFO ABI ({@code xen/common/event_fifo.c}) when it is merged: the entry points the
 * event-channel core calls for {@code EVTCHNOP_init_control}, {@code EVTCHNOP_expand_array}, reset and destroy. This
 * stub answers as a Xen built without {@code CONFIG_EVTCHN_FIFO} would for the hypercalls, except that it says
 * {@code -ENOSYS} (the operation is not implemented here) rather than {@code -EOPNOTSUPP}; a domain stays on the
 * 2-level ABI.
 *
 * <p>The contract the real class keeps: a public no-argument constructor; all per-domain state in {@link
 * EvtchnDomain#abiState()}; guest arguments passed raw (unsigned 32-bit values as {@code int}); every method allocates
 * only when it maps pages, throws nothing on any guest input, and is called with the domain's port table quiescent.
 */
public class FifoAbi {
    /** A FIFO ABI with no state of its own. */
    public FifoAbi() {}

    /**
     * {@code evtchn_fifo_init_control} for domain {@code d}: maps vCPU {@code vcpu}'s control block at {@code offset}
     * in guest frame {@code controlGfn}; the first successful call switches {@code d} to the FIFO ABI ({@code
     * d.ops()} becomes the FIFO port ops). A failed first call leaves the domain on 2-level.
     *
     * @return 0, or a negative errno ({@code -ENOENT}, {@code -EINVAL}, ...); this stub: {@code -ENOSYS}
     */
    public int initControl(EvtchnDomain d, long controlGfn, int offset, int vcpu) {
        return Errno.ENOSYS.neg();
    }

    /**
     * {@code evtchn_fifo_expand_array}: adds guest frame {@code arrayGfn} to the event array.
     *
     * @return 0, or a negative errno; this stub: {@code -ENOSYS}
     */
    public int expandArray(EvtchnDomain d, long arrayGfn) {
        return Errno.ENOSYS.neg();
    }

    /**
     * {@code evtchn_fifo_destroy} then {@code evtchn_2l_init}: releases every page the FIFO ABI holds for {@code d}
     * and puts it back on the 2-level ABI. Called by reset and domain destruction after every port was closed; does
     * nothing for a domain on 2-level.
     */
    public void teardown(EvtchnDomain d) {}

    /** Reports each guest frame the FIFO ABI holds a writable reference to for {@code d}; this stub: none. */
    public void frameReferences(EvtchnDomain d, SubsystemAudit.FrameReferenceSink sink) {}
}
