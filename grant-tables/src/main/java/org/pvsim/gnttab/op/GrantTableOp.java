package org.pvsim.gnttab.op;

import static org.pvsim.gnttab.abi.GnttabOp.GNTTABOP_CMD_MASK;

import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.spi.HypercallContext;
import org.pvsim.hypervisor.spi.HypercallHandler;

/**
 * Hypercall {@code grant_table_op} (20): {@code do_grant_table_op(cmd, uop, count)} ({@code
 * xen/common/grant_table.c}), the one table of every {@code GNTTABOP_*}. In Xen's order: {@code (int) count < 0} is
 * {@code -EINVAL}; bits above {@code GNTTABOP_CMD_MASK} are {@code -EINVAL} except for {@code cache_flush}; batched
 * commands check the array's start address ({@code guest_handle_okay}, {@code -EFAULT}); an unknown command, and
 * {@code cache_flush} (x86 has no {@code CONFIG_HAS_GRANT_CACHE_FLUSH}), are {@code -ENOSYS}; so is {@code dump_table}, which Xen's switch no longer serves.
 *
 * <p>Batches run to the end in one call: pvsim does not preempt a hypercall ({@code hypercall_preempt_check} never
 * fires, as for {@code mmu_update}), so no continuation is ever created and a batch never returns a positive count.
 * Each element's CPU time is charged to the call. {@code GNTTABOP_copy} and {@code GNTTABOP_transfer} are served by
 * the {@link GnttabBatchOp}s given at construction. Guest input never makes it throw.
 */
public final class GrantTableOp implements HypercallHandler {
    /** The top-level journal record's {@code ref} when no element is named. */
    public static final long NO_REF = -1;

    private final GnttabCore core;
    private final MapGrantRef map;
    private final UnmapGrantRef unmap;
    private final GnttabTableOps tableOps;
    private final GnttabBatchOp copy;
    private final GnttabBatchOp transfer;

    /** The dispatcher over {@code core}, with {@code copy} and {@code transfer} serving those two commands. */
    public GrantTableOp(GnttabCore core, GnttabBatchOp copy, GnttabBatchOp transfer) {
        this.core = core;
        this.map = new MapGrantRef(core);
        this.unmap = new UnmapGrantRef(core);
        this.tableOps = new GnttabTableOps(core);
        this.copy = copy;
        this.transfer = transfer;
    }

    /** map_grant_ref and its undo, for the lifecycle and tests. */
    public MapGrantRef mapOp() {
        return map;
    }

    /** unmap_grant_ref / unmap_and_replace. */
    public UnmapGrantRef unmapOp() {
        return unmap;
    }

    @Override
    public long invoke(HypercallContext ctx, long a1, long a2, long a3, long a4, long a5) {
        return op(ctx, (int) a1, a2, (int) a3);
    }

    /**
     * {@code do_grant_table_op}: {@code cmd} and {@code count} as Xen's {@code unsigned int}s (the low 32 bits).
     *
     * @return 0, or a negative errno
     */
    public long op(HypercallContext ctx, int cmd, long uop, int count) {
        int opaqueIn = cmd & ~GNTTABOP_CMD_MASK;
        int c = cmd & GNTTABOP_CMD_MASK;
        if (count < 0) {
            return top(ctx, c, Errno.EINVAL.neg());
        }
        if (c != GnttabOp.GNTTABOP_cache_flush.code && opaqueIn != 0) {
            return top(ctx, c, Errno.EINVAL.neg());
        }
        GnttabOp o = GnttabOp.ofCode(c);
        if (o == null) {
            return top(ctx, c, Errno.ENOSYS.neg());
        }
        switch (o) {
            case GNTTABOP_map_grant_ref:
                return handleOkay(uop) ? map.batch(ctx, uop, count) : top(ctx, c, Errno.EFAULT.neg());
            case GNTTABOP_unmap_grant_ref:
                return handleOkay(uop) ? unmap.batchUnmap(ctx, uop, count) : top(ctx, c, Errno.EFAULT.neg());
            case GNTTABOP_unmap_and_replace:
                return handleOkay(uop) ? unmap.batchReplace(ctx, uop, count) : top(ctx, c, Errno.EFAULT.neg());
            case GNTTABOP_setup_table:
                return tableOps.setupTable(ctx, uop, count);
            case GNTTABOP_transfer:
                return handleOkay(uop) ? transfer.run(ctx, uop, count) : top(ctx, c, Errno.EFAULT.neg());
            case GNTTABOP_copy:
                return handleOkay(uop) ? copy.run(ctx, uop, count) : top(ctx, c, Errno.EFAULT.neg());
            case GNTTABOP_query_size:
                return tableOps.querySize(ctx, uop, count);
            case GNTTABOP_set_version:
                return tableOps.setVersion(ctx, uop);
            case GNTTABOP_get_status_frames:
                return tableOps.getStatusFrames(ctx, uop, count);
            case GNTTABOP_get_version:
                return tableOps.getVersion(ctx, uop);
            case GNTTABOP_swap_grant_ref:
                return handleOkay(uop) ? tableOps.swapGrantRefs(ctx, uop, count) : top(ctx, c, Errno.EFAULT.neg());
            case GNTTABOP_dump_table:
            case GNTTABOP_cache_flush:
            default:
                return top(ctx, c, Errno.ENOSYS.neg());
        }
    }

    /** {@code guest_handle_okay}: only the start address is checked, as Xen's {@code array_access_ok}. */
    private static boolean handleOkay(long uop) {
        return XenAddressSpace.isGuestAddress(uop);
    }

    /** Journals a call refused as a whole, and returns its errno. */
    private long top(HypercallContext ctx, int cmd, int rc) {
        core.journal().gnttab(cmd, ctx.callerDomid(), -1, NO_REF, rc, 0);
        return rc;
    }
}
