package org.pvsim.evtchn.fifo;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnPortOps;
import org.pvsim.hypervisor.abi.Errno;

/** A trivial stand-in for the 2-level ABI: pending and mask bits in Java arrays, 4096 ports, no upcalls. */
final class FakeTwoLevelOps implements EvtchnPortOps {
    static final int NR_CHANNELS = 4096;
    final boolean[] pending = new boolean[NR_CHANNELS];
    final boolean[] masked = new boolean[NR_CHANNELS];

    @Override
    public void setPending(EvtchnDomain d, int vcpu, int port, long now) {
        pending[port] = true;
    }

    @Override
    public void clearPending(EvtchnDomain d, int port, long now) {
        pending[port] = false;
    }

    @Override
    public void unmask(EvtchnDomain d, int port, long now) {
        masked[port] = false;
    }

    @Override
    public boolean isPending(EvtchnDomain d, int port) {
        return pending[port];
    }

    @Override
    public boolean isMasked(EvtchnDomain d, int port) {
        return masked[port];
    }

    @Override
    public boolean isBusy(EvtchnDomain d, int port) {
        return false;
    }

    @Override
    public int setPriority(EvtchnDomain d, int port, int priority) {
        return Errno.ENOSYS.neg();
    }

    @Override
    public int maxPorts(EvtchnDomain d) {
        return NR_CHANNELS;
    }
}
