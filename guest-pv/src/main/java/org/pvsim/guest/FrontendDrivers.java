package org.pvsim.guest;

import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.blkfront.Blkfront;
import org.pvsim.guest.netfront.Netfront;
import org.pvsim.guest.xenbus.XenbusFrontendBus;

/**
 * The frontend drivers built into pvsim's PV kernel, Linux's {@code xenbus_register_frontend} calls at module init:
 * the one place that says which device types a guest can drive. A type without a driver here is ignored by the bus.
 */
public final class FrontendDrivers {
    private FrontendDrivers() {}

    /** Registers every frontend driver of {@code kernel} on its {@code bus}, before the bus starts. */
    public static void registerAll(XenbusFrontendBus bus, Kernel kernel) {
        bus.register("vbd", () -> new Blkfront(kernel));
        bus.register("vif", () -> new Netfront(kernel));
    }
}
