package org.pvsim.evtchn.ring;

/**
 * One slot of a pCPU's kick ring: "vCPU {@link #vcpu} of domain {@link #domid} has an upcall pending" ({@code
 * vcpu_kick}'s event-check IPI). Slots are created once, when the ring is, and rewritten in place for every kick, so a
 * kick allocates nothing.
 */
public final class Kick {
    /** The kicked vCPU's domain. */
    int domid = -1;
    /** The kicked vCPU. */
    int vcpu = -1;

    Kick() {}

    /** The kicked vCPU's domain (the last kick written to this slot). */
    public int domid() {
        return domid;
    }

    /** The kicked vCPU (the last kick written to this slot). */
    public int vcpu() {
        return vcpu;
    }
}
