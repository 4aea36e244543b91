package org.pvsim.guest.control;

import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * The control watches a domU kernel registers once xenstore is up, as Linux's {@code xenbus} notifier chain starts
 * them: {@link ShutdownWatch} ({@code control/shutdown}, with {@code feature-poweroff}/{@code feature-reboot}), the
 * {@link Balloon} ({@code memory/target}) and {@link CpuHotplugWatch} ({@code cpu}).
 */
public final class ControlWatches {
    private final ShutdownWatch shutdown;
    private final Balloon balloon;
    private final CpuHotplugWatch cpus;

    /** The watches of {@code kernel}, whose domain has {@code nrPages} pages now. */
    public ControlWatches(ControlKernel kernel, long nrPages) {
        this.shutdown = new ShutdownWatch(kernel);
        this.balloon = new Balloon(kernel.kernel(), nrPages);
        this.cpus = new CpuHotplugWatch(kernel);
    }

    /** Registers all three on {@code xs}. */
    public void start(GuestCpu cpu, XenstoreClient xs) {
        shutdown.start(cpu, xs);
        balloon.start(cpu, xs);
        cpus.start(cpu, xs);
    }

    /** The shutdown watch. */
    public ShutdownWatch shutdown() {
        return shutdown;
    }

    /** The balloon. */
    public Balloon balloon() {
        return balloon;
    }

    /** The vCPU hotplug watch. */
    public CpuHotplugWatch cpus() {
        return cpus;
    }
}
