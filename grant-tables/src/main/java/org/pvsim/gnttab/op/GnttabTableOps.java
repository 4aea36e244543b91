package org.pvsim.gnttab.op;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.HypercallContext;

/** The table commands: setup_table, query_size, set_version, get_version, get_status_frames, swap, dump. */
public final class GnttabTableOps {
    private final GnttabCore core;

    /** The table commands over {@code core}. */
    public GnttabTableOps(GnttabCore core) {
        this.core = core;
    }

    public long setupTable(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }

    public long querySize(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }

    public long setVersion(HypercallContext ctx, long uop) {
        return Errno.ENOSYS.neg();
    }

    public long getStatusFrames(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }

    public long getVersion(HypercallContext ctx, long uop) {
        return Errno.ENOSYS.neg();
    }

    public long swapGrantRefs(HypercallContext ctx, long uop, int count) {
        return Errno.ENOSYS.neg();
    }

    public long dumpTable(HypercallContext ctx, long uop) {
        return Errno.ENOSYS.neg();
    }
}
