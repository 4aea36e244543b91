package org.pvsim.gnttab.table;

import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.FrameMemory;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.SubsystemHost;
import org.pvsim.hypervisor.spi.SubsystemJournal;

/**
 * What every grant-table operation shares: the tables of all domains, the shared-entry accessors, the status pinning
 * and the host's services. One instance per installed subsystem; ops (this module's and the copy and transfer ops)
 * receive it at construction and keep it.
 */
public final class GnttabCore {
    private final GrantTableSet tables = new GrantTableSet();
    private final SubsystemHost host;
    private final SharedEntries entries;
    private final GrantStatus status;

    /** The core over {@code host}'s services. */
    public GnttabCore(SubsystemHost host) {
        this.host = host;
        this.entries = new SharedEntries(host.memory());
        this.status = new GrantStatus(entries);
    }

    /** Every domain's grant table. */
    public GrantTableSet tables() {
        return tables;
    }

    /** The host (for {@code now}, registration in install only). */
    public SubsystemHost host() {
        return host;
    }

    /** Shared grant entries in guest-visible frames. */
    public SharedEntries entries() {
        return entries;
    }

    /** {@code _set_status} / {@code reduce_status_for_pin}. */
    public GrantStatus status() {
        return status;
    }

    /** Machine memory by frame. */
    public FrameMemory memory() {
        return host.memory();
    }

    /** The PV MMU's page references and grant mappings (asked for each use: the host supplies it). */
    public GrantMmu mmu() {
        return host.grantMmu();
    }

    /** Facts about domains. */
    public DomainQuery domains() {
        return host.domains();
    }

    /** Where each element's result is journalled. */
    public SubsystemJournal journal() {
        return host.journal();
    }
}
