package org.pvsim.hypervisor.spi;

/**
 * Where the hypervisor sends physical interrupts a domain has bound ({@code send_guest_pirq}, {@code
 * xen/common/event_channel.c}): the event-channel subsystem installs one that sets the port bound to the PIRQ pending
 * on its notify vCPU. Called while an input is applied (a device timer, a port write, an EOI); allocates nothing.
 */
@FunctionalInterface
public interface PirqSink {
    /** Delivers {@code pirq} to domain {@code domid}: nothing if no port is bound to it. */
    void send(int domid, int pirq, long now);
}
