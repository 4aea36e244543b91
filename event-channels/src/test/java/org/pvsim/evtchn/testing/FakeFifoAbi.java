package org.pvsim.evtchn.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnPortOps;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.fifo.FifoAbi;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * A stand-in FIFO ABI for the core's tests: {@code init_control} succeeds (unless told to fail) and switches the
 * domain to {@link Ops}, which keeps pending and mask bits in Java arrays and has priorities and 2^17 ports; it holds
 * a writable reference to the control frame, which {@code teardown} releases. It records every call.
 */
public class FakeFifoAbi extends FifoAbi {
    /** One call, as "init d1 gfn 5 off 0 vcpu 0". */
    public final List<String> calls = new ArrayList<>();
    /** The errno {@code initControl} answers instead of succeeding, or 0. */
    public int failInit;

    /** The FIFO state of one domain. */
    static final class State {
        final boolean[] pending = new boolean[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];
        final boolean[] masked = new boolean[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];
        final List<Long> frames = new ArrayList<>();
    }

    /** Port ops with priorities, over {@link State}. */
    public static final class Ops implements EvtchnPortOps {
        static final Ops INSTANCE = new Ops();

        private static State s(EvtchnDomain d) {
            return (State) d.abiState();
        }

        @Override
        public void setPending(EvtchnDomain d, int vcpu, int port, long now) {
            State s = s(d);
            boolean was = s.pending[port];
            s.pending[port] = true;
            d.services().pendingSet(d, vcpu, port, !was);
            if (!was && !s.masked[port]) {
                d.markEventsPending(vcpu, now);
            }
        }

        @Override
        public void clearPending(EvtchnDomain d, int port, long now) {
            s(d).pending[port] = false;
            d.services().pendingCleared(d, port);
        }

        @Override
        public void unmask(EvtchnDomain d, int port, long now) {
            s(d).masked[port] = false;
            if (s(d).pending[port]) {
                d.markEventsPending(d.notifyVcpu(port), now);
            }
        }

        @Override
        public boolean isPending(EvtchnDomain d, int port) {
            return s(d).pending[port];
        }

        @Override
        public boolean isMasked(EvtchnDomain d, int port) {
            return s(d).masked[port];
        }

        @Override
        public boolean isBusy(EvtchnDomain d, int port) {
            return false;
        }

        @Override
        public int setPriority(EvtchnDomain d, int port, int priority) {
            if (!d.isUsable(port)) {
                return Errno.EACCES.neg();
            }
            if (priority < 0 || priority > EvtchnFifo.EVTCHN_FIFO_PRIORITY_MIN) {
                return Errno.EINVAL.neg();
            }
            d.setPriority(port, priority);
            return 0;
        }

        @Override
        public int maxPorts(EvtchnDomain d) {
            return EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS;
        }
    }

    @Override
    public int initControl(EvtchnDomain d, long controlGfn, int offset, int vcpu) {
        calls.add("init d" + d.domid() + " gfn " + controlGfn + " off " + offset + " vcpu " + vcpu);
        if (failInit != 0) {
            return failInit;
        }
        if (d.ops() == TwoLevelPortOps.INSTANCE) {
            long mfn = d.memory().getWritablePage(d.domid(), controlGfn);
            if (mfn < 0) {
                return (int) mfn;
            }
            State s = new State();
            s.frames.add(mfn);
            d.setAbiState(s);
            d.setOps(Ops.INSTANCE);
        }
        return 0;
    }

    @Override
    public int expandArray(EvtchnDomain d, long arrayGfn) {
        calls.add("expand d" + d.domid() + " gfn " + arrayGfn);
        return d.ops() == Ops.INSTANCE ? 0 : Errno.EOPNOTSUPP.neg();
    }

    @Override
    public void teardown(EvtchnDomain d) {
        calls.add("teardown d" + d.domid());
        if (d.abiState() instanceof State s) {
            for (long mfn : s.frames) {
                d.memory().putWritablePage(mfn);
            }
            d.setAbiState(null);
            d.setOps(TwoLevelPortOps.INSTANCE);
        }
    }

    @Override
    public void frameReferences(EvtchnDomain d, SubsystemAudit.FrameReferenceSink sink) {
        if (d.abiState() instanceof State s) {
            for (long mfn : s.frames) {
                sink.writableReference(mfn, "d" + d.domid() + " FIFO control block");
            }
        }
    }
}
