package org.pvsim.gnttab.op;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.HypercallContext;

/** {@code GNTTABOP_unmap_grant_ref} and {@code GNTTABOP_unmap_and_replace} ({@code unmap_common}). */
public final class UnmapGrantRef {
    private final GnttabCore core;

    /** unmap over {@code core}. */
    public UnmapGrantRef(GnttabCore core) {
        this.core = core;
    }

    /** {@code gnttab_unmap_grant_ref}. */
    public long batchUnmap(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }

    /** {@code gnttab_unmap_and_replace}. */
    public long batchReplace(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }
}
