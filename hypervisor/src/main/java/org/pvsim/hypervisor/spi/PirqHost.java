package org.pvsim.hypervisor.spi;

/**
 * The core's PIRQ table as the event-channel subsystem sees it ({@code pirq_access_permitted}, {@code
 * pirq_guest_bind}, {@code pirq_guest_unbind}, {@code xen/arch/x86/irq.c}). A PIRQ is mapped to a physical interrupt
 * by {@code PHYSDEVOP_map_pirq}; a port bound to it ({@code EVTCHNOP_bind_pirq}) makes the domain the line's guest.
 */
public interface PirqHost {
    /** The number of PIRQs each domain has ({@code d->nr_pirqs}). */
    int nrPirqs();

    /** Whether domain {@code domid}'s {@code pirq} is mapped to a physical interrupt. */
    boolean isMapped(int domid, int pirq);

    /**
     * Makes domain {@code domid} the guest of the interrupt its {@code pirq} is mapped to ({@code pirq_guest_bind}).
     *
     * @return 0, {@code -EINVAL} if the PIRQ is not mapped, or {@code -EBUSY} if another domain is the line's guest
     *     and either side did not ask to share ({@code BIND_PIRQ__WILL_SHARE}; pvsim does not share lines)
     */
    int guestBind(int domid, int pirq, boolean willShare);

    /** Undoes {@link #guestBind} ({@code pirq_guest_unbind}); nothing if it was not bound. */
    void guestUnbind(int domid, int pirq);
}
