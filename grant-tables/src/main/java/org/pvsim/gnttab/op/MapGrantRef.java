package org.pvsim.gnttab.op;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.HypercallContext;

/** {@code GNTTABOP_map_grant_ref} ({@code map_grant_ref}, {@code xen/common/grant_table.c}). */
public final class MapGrantRef {
    private final GnttabCore core;

    /** map_grant_ref over {@code core}. */
    public MapGrantRef(GnttabCore core) {
        this.core = core;
    }

    /** {@code gnttab_map_grant_ref}: serves {@code count} elements at {@code uop}. */
    public long batch(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }
}
