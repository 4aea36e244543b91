package org.pvsim.guest.xenbus;

import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenbusState;

/**
 * A split driver's frontend half as the xenbus core sees it, Linux's {@code struct xenbus_driver}: a netfront or
 * blkfront registers one per device type with a {@link XenbusFrontendBus}. Every method runs in the store port's
 * event handler (an upcall) and must not block; it continues work through xenstore reply handlers.
 */
public interface XenbusDriver {
    /**
     * {@code probe}: the device {@code dev} exists and its other end is known ({@link XenbusDevice#otherend()},
     * {@link XenbusDevice#otherendId()}) and watched. The driver allocates its rings, grants and event channel,
     * publishes them and switches state ({@link XenbusDevice#switchState}).
     *
     * @return 0, or a negative errno: then the core reports it ({@code xenbus_dev_fatal}) and the device closes
     */
    int probe(GuestCpu cpu, XenbusDevice dev);

    /** {@code otherend_changed}: the other end's {@code state} node now reads {@code state}. */
    void otherendChanged(GuestCpu cpu, XenbusDevice dev, XenbusState state);

    /** {@code remove}: the device is going away; release what {@link #probe} took. */
    default void remove(GuestCpu cpu, XenbusDevice dev) {}
}
