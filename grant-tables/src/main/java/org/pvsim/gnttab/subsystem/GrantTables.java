package org.pvsim.gnttab.subsystem;

import org.pvsim.gnttab.copy.GnttabCopy;
import org.pvsim.gnttab.copy.GnttabTransfer;
import org.pvsim.gnttab.op.GnttabOpFactory;
import org.pvsim.gnttab.op.GrantTableOp;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.spi.Subsystem;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * The grant-table subsystem ({@code xen/common/grant_table.c}): what the composition root creates and the
 * hypervisor installs. {@link #install} registers hypercall {@code grant_table_op} (20), the domain hook ({@code
 * grant_table_init}, {@code gnttab_release_mappings}, {@code grant_table_destroy}) and the I8/I9 audit.
 * {@code GNTTABOP_copy} and {@code GNTTABOP_transfer} are served by the factories given at construction.
 */
public final class GrantTables implements Subsystem {
    private final GnttabOpFactory copy;
    private final GnttabOpFactory transfer;
    private GnttabCore core;
    private GrantTableOp op;

    /** Grant tables with the standard copy ({@link GnttabCopy}) and transfer ({@link GnttabTransfer}). */
    public GrantTables() {
        this(GnttabCopy::new, GnttabTransfer::new);
    }

    /** Grant tables whose copy and transfer commands come from {@code copy} and {@code transfer}. */
    public GrantTables(GnttabOpFactory copy, GnttabOpFactory transfer) {
        this.copy = copy;
        this.transfer = transfer;
    }

    @Override
    public String name() {
        return "grant-tables";
    }

    @Override
    public void install(SubsystemHost host) {
        if (core != null) {
            throw new IllegalStateException("grant tables are already installed");
        }
        core = new GnttabCore(host);
        op = new GrantTableOp(core, copy.create(core), transfer.create(core));
        host.registerHypercall(Hypercall.grant_table_op.number, op);
        host.addDomainHook(new GnttabLifecycle(core));
        host.addAudit(new GnttabAudit(core));
    }

    /** The shared state, or {@code null} before {@link #install} (tests and statistics). */
    public GnttabCore core() {
        return core;
    }

    /** The dispatcher, or {@code null} before {@link #install}. */
    public GrantTableOp op() {
        return op;
    }
}
