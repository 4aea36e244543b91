package org.pvsim.gnttab.op;

import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;

import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabUnmapAndReplaceDescriptor;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.table.ActiveGrantEntries;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.Maptrack;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * {@code GNTTABOP_unmap_grant_ref} and {@code GNTTABOP_unmap_and_replace} ({@code unmap_common} and {@code
 * unmap_common_complete}, {@code xen/common/grant_table.c}), for a PV mapper. Per element: a handle at or past the
 * maptrack limit, or free, is GNTST_bad_handle; a non-zero {@code dev_bus_addr} that is not the mapped frame's is
 * GNTST_bad_dev_addr; with a non-zero {@code host_addr} the grant PTE is cleared (or replaced) through {@link
 * GrantMmu#replaceGrantHostMapping} (its failure, GNTST_general_error, keeps the mapping). What was unmapped is
 * completed after each group of 32 ({@code GNTTAB_UNMAP_BATCH_SIZE}, where Xen flushes the TLB): the device part
 * drops its reference (and writable type), the host part its writable type and reference, the pins go and {@code
 * reduce_status_for_pin} clears GTF_reading / GTF_writing.
 *
 * <p>Invariant (I8 d): a handle is freed exactly once, when neither its host nor its device part is left; a second
 * unmap of it is GNTST_bad_handle. Allocates nothing: the group's state lives in preallocated arrays.
 */
public final class UnmapGrantRef {
    /** {@code GNTTAB_UNMAP_BATCH_SIZE}. */
    public static final int GNTTAB_UNMAP_BATCH_SIZE = 32;
    /** CPU time per element. */
    public static final long COST_NS = 120;

    private final GnttabCore core;
    private final byte[] op = new byte[GnttabUnmapGrantRefDescriptor.SIZE];
    private final int[] doneFlags = new int[GNTTAB_UNMAP_BATCH_SIZE];
    private final int[] doneRd = new int[GNTTAB_UNMAP_BATCH_SIZE];
    private final int[] doneRef = new int[GNTTAB_UNMAP_BATCH_SIZE];
    private final long[] doneMfn = new long[GNTTAB_UNMAP_BATCH_SIZE];
    /** The granter named by the last {@link #unmapCommon} (-1 if none). */
    private int lastRd;

    /** unmap over {@code core}. */
    public UnmapGrantRef(GnttabCore core) {
        this.core = core;
    }

    /** {@code gnttab_unmap_grant_ref}. */
    public long batchUnmap(HypercallContext ctx, long uop, int count) {
        return batch(ctx, uop, count, false);
    }

    /** {@code gnttab_unmap_and_replace}. */
    public long batchReplace(HypercallContext ctx, long uop, int count) {
        return batch(ctx, uop, count, true);
    }

    private long batch(HypercallContext ctx, long uop, int count, boolean replace) {
        int cmd = replace ? GnttabOp.GNTTABOP_unmap_and_replace.code : GnttabOp.GNTTABOP_unmap_grant_ref.code;
        int size = replace ? GnttabUnmapAndReplaceDescriptor.SIZE : GnttabUnmapGrantRefDescriptor.SIZE;
        int statusOff =
                replace ? GnttabUnmapAndReplaceDescriptor.STATUS_OFFSET : GnttabUnmapGrantRefDescriptor.STATUS_OFFSET;
        int ld = ctx.callerDomid();
        int vcpu = ctx.callerVcpuId();
        int i = 0;
        while (i < count) {
            int c = Math.min(count - i, GNTTAB_UNMAP_BATCH_SIZE);
            int partialDone = 0;
            int rc = 0;
            for (int k = 0; k < c; k++, i++) {
                long va = uop + (long) i * size;
                if (ctx.copyFromGuest(va, op, 0, size) != 0) {
                    core.journal().gnttab(cmd, ld, -1, i, Errno.EFAULT.neg(), 0);
                    rc = Errno.EFAULT.neg();
                    break;
                }
                ctx.charge(COST_NS);
                long hostAddr;
                long devBusAddr;
                long newAddr;
                long handle;
                if (replace) {
                    hostAddr = LittleEndian.getI64(op, GnttabUnmapAndReplaceDescriptor.HOST_ADDR_OFFSET);
                    newAddr = LittleEndian.getI64(op, GnttabUnmapAndReplaceDescriptor.NEW_ADDR_OFFSET);
                    handle = LittleEndian.getU32(op, GnttabUnmapAndReplaceDescriptor.HANDLE_OFFSET);
                    devBusAddr = 0;
                } else {
                    hostAddr = LittleEndian.getI64(op, GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET);
                    devBusAddr = LittleEndian.getI64(op, GnttabUnmapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET);
                    handle = LittleEndian.getU32(op, GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET);
                    newAddr = 0;
                }
                int status = unmapCommon(ld, vcpu, hostAddr, devBusAddr, newAddr, handle, k);
                partialDone++;
                LittleEndian.putU16(op, statusOff, status);
                int crc = ctx.copyToGuest(va + statusOff, op, statusOff, 2) != 0 ? Errno.EFAULT.neg() : 0;
                core.journal().gnttab(cmd, ld, lastRd, handle, crc != 0 ? crc : status, 0);
                if (crc != 0) {
                    rc = crc;
                    i++;
                    break;
                }
            }
            for (int k = 0; k < partialDone; k++) {
                complete(ld, k);
            }
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    /**
     * Unmaps handle {@code handle} of mapper {@code ld} at once (unmap_common then unmap_common_complete), for the
     * lifecycle and tests.
     *
     * @return a {@code GNTST_*} code
     */
    public int unmap(int ld, int vcpu, long hostAddr, long devBusAddr, long newAddr, long handle) {
        int status = unmapCommon(ld, vcpu, hostAddr, devBusAddr, newAddr, handle, 0);
        complete(ld, 0);
        return status;
    }

    /**
     * {@code unmap_common}: checks the handle and what is to be unmapped, clears the host PTE, narrows or frees the
     * maptrack entry, and records in slot {@code slot} what {@link #complete} must release.
     */
    private int unmapCommon(int ld, int vcpu, long hostAddr, long devBusAddr, long newAddr, long handle, int slot) {
        doneFlags[slot] = 0;
        lastRd = -1;
        GrantTable lgt = core.tables().get(ld);
        if (lgt == null) {
            return GnttabStatus.GNTST_bad_handle.code;
        }
        Maptrack mt = lgt.maptrack();
        if (handle < 0 || handle >= mt.limit()) {
            return GnttabStatus.GNTST_bad_handle.code;
        }
        int h = (int) handle;
        int flags = mt.flags(h);
        if (flags == 0) {
            return GnttabStatus.GNTST_bad_handle.code;
        }
        int dom = mt.domid(h);
        GrantTable rgt = core.tables().get(dom);
        if (rgt == null) {
            // Xen crashes the mapper here ("naughty"); pvsim cannot, and refuses.
            return GnttabStatus.GNTST_general_error.code;
        }
        lastRd = dom;
        int ref = mt.ref(h);
        if (!rgt.refInRange(ref)) {
            return GnttabStatus.GNTST_bad_handle.code;
        }
        ActiveGrantEntries act = rgt.active();
        long mfn = act.frame(ref);
        if (devBusAddr != 0 && (flags & GNTMAP_device_map) != 0 && devBusAddr != (mfn << 12)) {
            return GnttabStatus.GNTST_bad_dev_addr.code;
        }
        int done = 0;
        int newFlags = flags;
        if (hostAddr != 0 && (flags & GNTMAP_host_map) != 0) {
            int rc = core.mmu().replaceGrantHostMapping(ld, vcpu, hostAddr, mfn, newAddr, flags);
            if (rc < 0) {
                return GnttabStatus.GNTST_general_error.code;
            }
            newFlags &= ~GNTMAP_host_map;
            done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
        }
        if (devBusAddr != 0 && (flags & GNTMAP_device_map) != 0) {
            newFlags &= ~GNTMAP_device_map;
            done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
        }
        if ((newFlags & (GNTMAP_device_map | GNTMAP_host_map)) == 0) {
            mt.put(h);
        } else if (newFlags != flags) {
            mt.setFlags(h, newFlags);
        }
        doneFlags[slot] = done;
        doneRd[slot] = dom;
        doneRef[slot] = ref;
        doneMfn[slot] = mfn;
        return GnttabStatus.GNTST_okay.code;
    }

    /** {@code unmap_common_complete}: releases the references and pins of slot {@code slot}'s unmap. */
    private void complete(int ld, int slot) {
        int done = doneFlags[slot];
        if (done == 0) {
            return;
        }
        doneFlags[slot] = 0;
        GrantTable rgt = core.tables().get(doneRd[slot]);
        if (rgt == null) {
            return;
        }
        int ref = doneRef[slot];
        long mfn = doneMfn[slot];
        boolean readonly = (done & GNTMAP_readonly) != 0;
        GrantMmu mmu = core.mmu();
        ActiveGrantEntries act = rgt.active();
        if ((done & GNTMAP_device_map) != 0) {
            if (!readonly) {
                mmu.putWritableType(mfn);
            }
            mmu.putPage(mfn);
            act.subPin(ref, readonly ? GNTPIN_devr_inc : GNTPIN_devw_inc);
        }
        if ((done & GNTMAP_host_map) != 0) {
            if (!readonly) {
                mmu.putWritableType(mfn);
            }
            mmu.putPage(mfn);
            act.subPin(ref, readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc);
        }
        core.status().reduceStatusForPin(rgt, ref, readonly);
    }
}
