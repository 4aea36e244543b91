package org.pvsim.guest.io;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * How one end of a shared ring tells the other end that it produced or consumed bytes: an {@code EVTCHNOP_send} on
 * the ring's event channel in a kernel (Linux's {@code notify_remote_via_evtchn}), a recorder in a test.
 */
@FunctionalInterface
public interface RingNotifier {
    /**
     * Notifies the peer, acting as {@code cpu}.
     *
     * @return 0, or the negative errno of the send (the caller logs it; the bytes stay in the ring)
     */
    int notifyPeer(GuestCpu cpu);
}
