package org.pvsim.gnttab.op;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.abi.Errno;

/**
 * Builds a {@link GnttabBatchOp} over the subsystem's {@link GnttabCore} at install time: how the copy and transfer
 * commands, which live in their own package, plug into {@link GrantTableOp}.
 */
@FunctionalInterface
public interface GnttabOpFactory {
    /** A command this build does not serve: every call answers {@code -ENOSYS}. */
    GnttabOpFactory NOT_IMPLEMENTED = core -> (ctx, uop, count) -> Errno.ENOSYS.neg();

    /** The command's handler over {@code core}. */
    GnttabBatchOp create(GnttabCore core);
}
