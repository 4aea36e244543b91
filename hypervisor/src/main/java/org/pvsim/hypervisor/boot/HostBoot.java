package org.pvsim.hypervisor.boot;

import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.ReplayTarget;

/**
 * Boots a host: the hypervisor on the machine the parameters describe, the boot record in the journal, then dom0.
 * Recording and replaying boot the same way, so the journal's first records match.
 */
public final class HostBoot {
    private HostBoot() {}

    /**
     * Boots a host.
     *
     * @throws IllegalArgumentException if the parameters describe a host that cannot boot
     */
    public static Hypervisor boot(BootParameters params, Journal journal) {
        Hypervisor hv = new Hypervisor(params, journal);
        journal.boot(params);
        PvDomainBuilder.buildDom0(
                hv, params.dom0Pages(), params.dom0Vcpus(), params.dom0Kernel(), params.dom0Cmdline());
        return hv;
    }

    /** The factory replay uses: boots a replaying host from a journal's boot record. */
    public static ReplayTarget.Factory replayFactory() {
        return (params, journal) -> boot(params, journal);
    }
}
