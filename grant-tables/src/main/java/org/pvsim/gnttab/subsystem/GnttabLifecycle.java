package org.pvsim.gnttab.subsystem;

import org.pvsim.gnttab.op.UnmapGrantRef;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;

/** Grant tables in a domain's life: {@code grant_table_init}, {@code gnttab_release_mappings}, destruction. */
final class GnttabLifecycle implements SubsystemDomainHook {
    private final GnttabCore core;
    private final UnmapGrantRef unmap;

    GnttabLifecycle(GnttabCore core, UnmapGrantRef unmap) {
        this.core = core;
        this.unmap = unmap;
    }

    @Override
    public int domainCreated(int domid, long now) {
        return 0;
    }

    @Override
    public void domainKilled(int domid, long now) {}

    @Override
    public void domainDestroyed(int domid, long now) {}
}
