package org.pvsim.hypervisor.boot;

import java.util.List;
import java.util.function.Supplier;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.ReplayTarget;
import org.pvsim.hypervisor.spi.Subsystem;

/**
 * Boots a host: the hypervisor on the machine the parameters describe, its subsystems, the boot record in the
 * journal, then dom0. Recording and replaying boot the same way, with the same subsystems in the same order, so the
 * journal's first records match.
 */
public final class HostBoot {
    private HostBoot() {}

    /**
     * Boots a host with no subsystems (no event channels, no grant tables): what the core's own tests need.
     *
     * @throws IllegalArgumentException if the parameters describe a host that cannot boot
     */
    public static Hypervisor boot(BootParameters params, Journal journal) {
        return boot(params, journal, List.of());
    }

    /**
     * Boots a host with {@code subsystems}, installed in order before dom0 is built.
     *
     * @throws IllegalArgumentException if the parameters describe a host that cannot boot
     */
    public static Hypervisor boot(BootParameters params, Journal journal, List<? extends Subsystem> subsystems) {
        Hypervisor hv = new Hypervisor(params, journal);
        for (Subsystem s : subsystems) {
            hv.install(s);
        }
        journal.boot(params);
        PvDomainBuilder.buildDom0(
                hv, params.dom0Pages(), params.dom0Vcpus(), params.dom0Kernel(), params.dom0Cmdline());
        return hv;
    }

    /** The factory replay uses for a host with no subsystems. */
    public static ReplayTarget.Factory replayFactory() {
        return replayFactory(List::of);
    }

    /**
     * The factory replay uses: boots a replaying host from a journal's boot record, with fresh subsystems from {@code
     * subsystems} (the same ones, in the same order, as the recording host had).
     */
    public static ReplayTarget.Factory replayFactory(Supplier<? extends List<? extends Subsystem>> subsystems) {
        return (params, journal) -> boot(params, journal, subsystems.get());
    }
}
