package org.pvsim.guest.evtchn;

import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * The half of the guest's event layer that depends on the ABI, as Linux's {@code struct evtchn_ops} ({@code
 * drivers/xen/events/events_internal.h}) is: where a port's pending and mask bits live, how to mask and unmask it, and
 * how an upcall finds the ports to handle. {@link Events2l} and {@link EventsFifo} implement it; {@link GuestEvents}
 * holds one and does the rest (handlers, bindings, the upcall loop).
 *
 * <p>Every method acts on guest memory or through hypercalls of the vCPU running it; none allocates, except {@link
 * #setup} when the FIFO event array grows.
 */
interface EvtchnOps {
    /** The ABI. */
    EventAbi abi();

    /** Ports the ABI can name ({@code EVTCHN_2L_NR_CHANNELS}, {@code EVTCHN_FIFO_NR_CHANNELS}). */
    int maxChannels();

    /**
     * Makes {@code port} usable before it is bound to a handler ({@code evtchn_ops->setup}): nothing for 2-level;
     * for FIFO, grows the event array until it covers the port ({@code EVTCHNOP_expand_array}).
     *
     * @return 0, or a negative errno
     */
    long setup(GuestCpu cpu, Hypercalls hc, int port);

    /** {@code port} now notifies vCPU {@code vcpu} (it notified {@code oldVcpu}, or -1 if it was not bound). */
    void bindToCpu(int port, int vcpu, int oldVcpu);

    /** The port is no longer bound to any of the kernel's handlers. */
    void unbind(int port, int vcpu);

    /** Clears the port's pending bit (the guest's acknowledgement). */
    void clearPending(GuestCpu cpu, int port);

    /** Whether the port's pending bit is set. */
    boolean isPending(GuestCpu cpu, int port);

    /** Whether the port's mask bit is set. */
    boolean isMasked(GuestCpu cpu, int port);

    /** Sets the port's mask bit: the guest's own store; Xen never writes it. */
    void mask(GuestCpu cpu, int port);

    /**
     * Clears the port's mask bit and has a pending event delivered: by the guest itself when it can, else with
     * {@code EVTCHNOP_unmask}.
     *
     * @param notifyVcpu the vCPU the port notifies
     */
    void unmask(GuestCpu cpu, Hypercalls hc, int port, int notifyVcpu);

    /**
     * Handles the events pending for the running vCPU: finds each pending, unmasked port bound to it and passes it to
     * {@link GuestEvents#dispatch} ({@code evtchn_ops->handle_events}). Called with events masked on the vCPU.
     */
    void handleEvents(GuestCpu cpu);
}
