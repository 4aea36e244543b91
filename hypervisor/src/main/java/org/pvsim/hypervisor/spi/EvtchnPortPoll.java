package org.pvsim.hypervisor.spi;

import org.pvsim.hypervisor.abi.Errno;

/**
 * {@code evtchn_port_poll} ({@code xen/include/xen/event.h}): what {@code SCHEDOP_poll} asks of the event-channel
 * subsystem about each port it names. The event-channel subsystem installs one; until it exists, {@link #NO_PORTS}
 * answers, since no port of any domain is allocated.
 *
 * <p>Called from inside a hypercall; must not change any state and must allocate nothing.
 */
@FunctionalInterface
public interface EvtchnPortPoll {
    /**
     * Whether {@code port} of domain {@code domid} is pending: a positive number if it is, 0 if not, or {@code
     * -EINVAL} if the port is not valid ({@code port_is_valid}) or not usable ({@code evtchn_usable}: free, reserved,
     * or consumed by Xen itself).
     */
    int poll(int domid, int port);

    /**
     * The answer of a host without event channels: every port is free, so not usable, so {@code -EINVAL}
     * ({@code evtchn_port_poll} starts from {@code -EINVAL} and changes it only for a usable port).
     */
    EvtchnPortPoll NO_PORTS = (domid, port) -> Errno.EINVAL.neg();
}
