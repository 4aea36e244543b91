package org.pvsim.dom0.backend;

import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenbusState;

/**
 * A split driver's backend half as the xenbus backend bus sees it, Linux's {@code struct xenbus_driver} for a
 * backend ({@code xen-blkback}, {@code xen-netback}). One driver serves every device of its type; its per-device state
 * lives in {@link BackendDevice#data()}. Every method runs in dom0, acting as {@code cpu}, and must not block.
 *
 * <p>Invariant the bus keeps: for one device, {@link #probe} comes first and once per connection life, {@link
 * #frontendChanged} only between {@link #probe} and {@link #remove}, and {@link #remove} last.
 */
public interface BackendDriver {
    /** The device type this driver serves: the {@code <type>} of {@code backend/<type>/<domid>/<devid>}. */
    String type();

    /**
     * A device to serve (new, or again after {@link XenbusBackendBus#startDriver}): read its parameters, publish the
     * features, and switch to {@code InitWait} ({@link BackendDevice#switchState}).
     */
    void probe(GuestCpu cpu, BackendDevice dev);

    /** The frontend's {@code state} node now reads {@code state} ({@code XenbusStateUnknown} if it is unreadable). */
    void frontendChanged(GuestCpu cpu, BackendDevice dev, XenbusState state);

    /**
     * The device goes away (the toolstack removed it, its frontend domain died, or the driver stopped): unmap the
     * rings, close the event channel, free what {@link #probe} and the connection took. Nothing of the device may be
     * used afterwards.
     */
    void remove(GuestCpu cpu, BackendDevice dev);
}
