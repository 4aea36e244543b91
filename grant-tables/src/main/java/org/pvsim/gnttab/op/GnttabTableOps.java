package org.pvsim.gnttab.op;

import static org.pvsim.gnttab.abi.GrantFlags.GNTTAB_NR_RESERVED_ENTRIES;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transitive;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_type_mask;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;

import org.pvsim.gnttab.abi.GnttabGetStatusFramesDescriptor;
import org.pvsim.gnttab.abi.GnttabGetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabQuerySizeDescriptor;
import org.pvsim.gnttab.abi.GnttabSetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabSetupTableDescriptor;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabSwapGrantRefDescriptor;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.SharedEntries;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * The table commands of {@code grant_table_op} ({@code xen/common/grant_table.c}): {@code gnttab_setup_table},
 * {@code gnttab_query_size}, {@code gnttab_set_version}, {@code gnttab_get_status_frames}, {@code gnttab_get_version}
 * and {@code gnttab_swap_grant_ref}, each with Xen's checks in Xen's order and Xen's copy-back rules (most copy back
 * only the {@code status} field). Each call journals one record. Nothing throws on guest input; one scratch buffer.
 */
public final class GnttabTableOps {
    /** CPU time per element of a table command. */
    public static final long COST_NS = 60;

    private final GnttabCore core;
    private final SharedEntries entries;
    private final byte[] arg = new byte[32];
    private final byte[] word = new byte[8];
    private final int[] reservedFlags = new int[GNTTAB_NR_RESERVED_ENTRIES];
    private final int[] reservedDomid = new int[GNTTAB_NR_RESERVED_ENTRIES];
    private final long[] reservedFrame = new long[GNTTAB_NR_RESERVED_ENTRIES];

    /** The table commands over {@code core}. */
    public GnttabTableOps(GnttabCore core) {
        this.core = core;
        this.entries = core.entries();
    }

    private int u16(int off) {
        return LittleEndian.getU16(arg, off);
    }

    private long u32(int off) {
        return LittleEndian.getU32(arg, off);
    }

    private void journal(int op, HypercallContext ctx, int remote, long ref, int status, long out) {
        core.journal().gnttab(op, ctx.callerDomid(), remote, ref, status, out);
    }

    /** Copies the 16-bit status at {@code off} of the structure at {@code uop} back: 0 or {@code -EFAULT}. */
    private int statusOut(HypercallContext ctx, long uop, int off, int status) {
        LittleEndian.putU16(arg, off, status);
        return ctx.copyToGuest(uop + off, arg, off, 2) != 0 ? Errno.EFAULT.neg() : 0;
    }

    /** Writes frame {@code mfn} as {@code xen_pfn_t} element {@code i} of {@code list}: false if it faults. */
    private boolean frameOut(HypercallContext ctx, long list, int i, long mfn) {
        LittleEndian.putI64(word, 0, mfn);
        return ctx.copyToGuest(list + 8L * i, word, 0, 8) == 0;
    }

    /**
     * {@code gnttab_setup_table}: {@code count} must be 1; grows {@code dom}'s table to {@code nr_frames} and writes
     * its frames to {@code frame_list}.
     */
    public long setupTable(HypercallContext ctx, long uop, int count) {
        int op = GnttabOp.GNTTABOP_setup_table.code;
        if (count != 1) {
            journal(op, ctx, -1, -1, Errno.EINVAL.neg(), 0);
            return Errno.EINVAL.neg();
        }
        if (ctx.copyFromGuest(uop, arg, 0, GnttabSetupTableDescriptor.SIZE) != 0) {
            journal(op, ctx, -1, -1, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        int dom = u16(GnttabSetupTableDescriptor.DOM_OFFSET);
        long nrFrames = u32(GnttabSetupTableDescriptor.NR_FRAMES_OFFSET);
        long frameList = LittleEndian.getI64(arg, GnttabSetupTableDescriptor.FRAME_LIST_OFFSET);
        if (!XenAddressSpace.isGuestAddress(frameList)) {
            journal(op, ctx, dom, nrFrames, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        int status = setupTable(ctx, dom, nrFrames, frameList);
        int rc = statusOut(ctx, uop, GnttabSetupTableDescriptor.STATUS_OFFSET, status);
        journal(op, ctx, dom, nrFrames, rc != 0 ? rc : status, 0);
        return rc;
    }

    private int setupTable(HypercallContext ctx, int dom, long nrFrames, long frameList) {
        GrantTable gt = core.tables().byAnyId(dom, ctx.callerDomid());
        if (gt == null) {
            return GnttabStatus.GNTST_bad_domain.code;
        }
        if (!GnttabXsm.target(ctx, gt.domid())) {
            return GnttabStatus.GNTST_permission_denied.code;
        }
        if (nrFrames > gt.maxGrantFrames()) {
            return GnttabStatus.GNTST_general_error.code;
        }
        int n = (int) nrFrames;
        if ((n > gt.nrGrantFrames() || (gt.version() > 1 && GrantTable.grantToStatusFrames(n) > gt.nrStatusFrames()))
                && gt.grow(n, core.mmu()) != 0) {
            return GnttabStatus.GNTST_general_error.code;
        }
        ctx.charge(COST_NS * Math.max(n, 1));
        for (int i = 0; i < n; i++) {
            if (!frameOut(ctx, frameList, i, gt.sharedFrame(i))) {
                return GnttabStatus.GNTST_bad_virt_addr.code;
            }
        }
        return GnttabStatus.GNTST_okay.code;
    }

    /** {@code gnttab_query_size}: {@code count} must be 1; the whole structure is copied back. */
    public long querySize(HypercallContext ctx, long uop, int count) {
        int op = GnttabOp.GNTTABOP_query_size.code;
        if (count != 1) {
            journal(op, ctx, -1, -1, Errno.EINVAL.neg(), 0);
            return Errno.EINVAL.neg();
        }
        if (ctx.copyFromGuest(uop, arg, 0, GnttabQuerySizeDescriptor.SIZE) != 0) {
            journal(op, ctx, -1, -1, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        int dom = u16(GnttabQuerySizeDescriptor.DOM_OFFSET);
        GrantTable gt = core.tables().byAnyId(dom, ctx.callerDomid());
        int status;
        if (gt == null) {
            status = GnttabStatus.GNTST_bad_domain.code;
        } else if (!GnttabXsm.target(ctx, gt.domid())) {
            status = GnttabStatus.GNTST_permission_denied.code;
        } else {
            LittleEndian.putI32(arg, GnttabQuerySizeDescriptor.NR_FRAMES_OFFSET, gt.nrGrantFrames());
            LittleEndian.putI32(arg, GnttabQuerySizeDescriptor.MAX_NR_FRAMES_OFFSET, gt.maxGrantFrames());
            status = GnttabStatus.GNTST_okay.code;
        }
        LittleEndian.putU16(arg, GnttabQuerySizeDescriptor.STATUS_OFFSET, status);
        int rc = ctx.copyToGuest(uop, arg, 0, GnttabQuerySizeDescriptor.SIZE) != 0 ? Errno.EFAULT.neg() : 0;
        journal(op, ctx, dom, -1, rc != 0 ? rc : status, gt == null ? 0 : gt.nrGrantFrames());
        return rc;
    }

    /**
     * {@code gnttab_set_version}: the caller's own table. {@code -EINVAL} unless 1 or 2; {@code -ENOSYS} for 2 when
     * {@code max_version} is 1; {@code -EBUSY} while any entry from {@code GNTTAB_NR_RESERVED_ENTRIES} on is pinned;
     * v2 to v1 is {@code -ERANGE} if a reserved entry cannot be written in v1, and {@code -EBUSY} if the guest still
     * holds a status frame. The reserved entries are carried over; every other entry is cleared. The version in
     * force is copied back, whatever the result.
     */
    public long setVersion(HypercallContext ctx, long uop) {
        int op = GnttabOp.GNTTABOP_set_version.code;
        if (ctx.copyFromGuest(uop, arg, 0, GnttabSetVersionDescriptor.SIZE) != 0) {
            journal(op, ctx, -1, -1, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        long want = u32(GnttabSetVersionDescriptor.VERSION_OFFSET);
        GrantTable gt = core.tables().get(ctx.callerDomid());
        if (gt == null) {
            journal(op, ctx, -1, want, Errno.ESRCH.neg(), 0);
            return Errno.ESRCH.neg();
        }
        int res = setVersion(gt, want);
        LittleEndian.putI32(arg, GnttabSetVersionDescriptor.VERSION_OFFSET, gt.version());
        if (ctx.copyToGuest(uop, arg, 0, GnttabSetVersionDescriptor.SIZE) != 0) {
            res = Errno.EFAULT.neg();
        }
        journal(op, ctx, -1, want, res, gt.version());
        return res;
    }

    private int setVersion(GrantTable gt, long want) {
        if (want != 1 && want != 2) {
            return Errno.EINVAL.neg();
        }
        if (want == 2 && gt.maxVersion() == 1) {
            return Errno.ENOSYS.neg();
        }
        if (gt.version() == want) {
            return 0;
        }
        int nrEnts = gt.nrGrantEntries();
        for (int i = GNTTAB_NR_RESERVED_ENTRIES; i < nrEnts; i++) {
            if (gt.active().pin(i) != 0) {
                return Errno.EBUSY.neg();
            }
        }
        if (gt.version() == 1) {
            int res = gt.populateStatusFrames(gt.nrGrantFrames(), core.mmu());
            if (res < 0) {
                return res;
            }
        } else {
            for (int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
                int type = entries.flags(gt, i) & GTF_type_mask;
                if ((type == GTF_permit_access && (entries.frame(gt, i) >>> 32) != 0) || type == GTF_transitive) {
                    return Errno.ERANGE.neg();
                }
            }
        }
        saveReserved(gt);
        if (want < 2 && gt.version() == 2) {
            int res = gt.unpopulateStatusFrames(core.mmu(), core.memory());
            if (res != 0) {
                return res;
            }
        }
        entries.clearAll(gt);
        clearOwnedStatus(gt);
        gt.setVersion((int) want);
        restoreReserved(gt);
        return 0;
    }

    /**
     * Xen's shadow of the status words it just cleared: every entry but the reserved ones (whose words, guest bits and
     * Xen's bits alike, are carried over, so their shadow stays). All are unpinned (checked above), so their shadow
     * was already 0 unless a bug left it set, which the audit has then reported after that earlier call.
     */
    private static void clearOwnedStatus(GrantTable gt) {
        for (int i = GNTTAB_NR_RESERVED_ENTRIES; i < gt.active().capacity(); i++) {
            gt.active().setOwnedStatus(i, 0);
        }
    }

    /** Keeps the reserved entries, in v1 form ({@code reserved_entries}). */
    private void saveReserved(GrantTable gt) {
        for (int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
            int flags = entries.flags(gt, i);
            if (gt.version() == 1) {
                reservedFlags[i] = flags;
                reservedDomid[i] = entries.domid(gt, i);
                reservedFrame[i] = entries.frame(gt, i);
            } else if ((flags & GTF_type_mask) == GTF_permit_access) {
                reservedFlags[i] = (flags | entries.status(gt, i)) & 0xFFFF;
                reservedDomid[i] = entries.domid(gt, i);
                reservedFrame[i] = entries.frame(gt, i) & 0xFFFF_FFFFL;
            } else {
                reservedFlags[i] = 0;
                reservedDomid[i] = 0;
                reservedFrame[i] = 0;
            }
        }
    }

    /** Writes the kept reserved entries in the new version's form. */
    private void restoreReserved(GrantTable gt) {
        for (int i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
            if (gt.version() == 1) {
                entries.setFlags(gt, i, reservedFlags[i]);
            } else {
                entries.setStatus(gt, i, reservedFlags[i] & (GTF_reading | GTF_writing));
                entries.setFlags(gt, i, reservedFlags[i] & ~(GTF_reading | GTF_writing));
            }
            entries.setDomid(gt, i, reservedDomid[i]);
            entries.setFrame(gt, i, reservedFrame[i]);
        }
    }

    /**
     * {@code gnttab_get_status_frames}: {@code count} must be 1; writes {@code dom}'s first {@code nr_frames} status
     * frames (GNTST_general_error if it has fewer: always in v1 unless 0 are asked for).
     */
    public long getStatusFrames(HypercallContext ctx, long uop, int count) {
        int op = GnttabOp.GNTTABOP_get_status_frames.code;
        if (count != 1) {
            journal(op, ctx, -1, -1, Errno.EINVAL.neg(), 0);
            return Errno.EINVAL.neg();
        }
        if (ctx.copyFromGuest(uop, arg, 0, GnttabGetStatusFramesDescriptor.SIZE) != 0) {
            journal(op, ctx, -1, -1, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        long nrFrames = u32(GnttabGetStatusFramesDescriptor.NR_FRAMES_OFFSET);
        int dom = u16(GnttabGetStatusFramesDescriptor.DOM_OFFSET);
        long frameList = LittleEndian.getI64(arg, GnttabGetStatusFramesDescriptor.FRAME_LIST_OFFSET);
        if (!XenAddressSpace.isGuestAddress(frameList)) {
            journal(op, ctx, dom, nrFrames, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        int status;
        GrantTable gt = core.tables().byAnyId(dom, ctx.callerDomid());
        if (gt == null) {
            status = GnttabStatus.GNTST_bad_domain.code;
        } else if (!GnttabXsm.target(ctx, gt.domid())) {
            status = GnttabStatus.GNTST_permission_denied.code;
        } else if (nrFrames > gt.nrStatusFrames()) {
            status = GnttabStatus.GNTST_general_error.code;
        } else {
            status = GnttabStatus.GNTST_okay.code;
            for (int i = 0; i < nrFrames; i++) {
                if (!frameOut(ctx, frameList, i, gt.statusFrame(i))) {
                    status = GnttabStatus.GNTST_bad_virt_addr.code;
                    break;
                }
            }
        }
        int rc = statusOut(ctx, uop, GnttabGetStatusFramesDescriptor.STATUS_OFFSET, status);
        journal(op, ctx, dom, nrFrames, rc != 0 ? rc : status, 0);
        return rc;
    }

    /** {@code gnttab_get_version}: {@code -ESRCH} for no such domain, {@code -EPERM} without the right to see it. */
    public long getVersion(HypercallContext ctx, long uop) {
        int op = GnttabOp.GNTTABOP_get_version.code;
        if (ctx.copyFromGuest(uop, arg, 0, GnttabGetVersionDescriptor.SIZE) != 0) {
            journal(op, ctx, -1, -1, Errno.EFAULT.neg(), 0);
            return Errno.EFAULT.neg();
        }
        int dom = u16(GnttabGetVersionDescriptor.DOM_OFFSET);
        GrantTable gt = core.tables().byAnyId(dom, ctx.callerDomid());
        int rc;
        if (gt == null) {
            rc = Errno.ESRCH.neg();
        } else if (!GnttabXsm.target(ctx, gt.domid())) {
            rc = Errno.EPERM.neg();
        } else {
            LittleEndian.putI32(arg, GnttabGetVersionDescriptor.VERSION_OFFSET, gt.version());
            rc = ctx.copyToGuest(
                                    uop + GnttabGetVersionDescriptor.VERSION_OFFSET,
                                    arg,
                                    GnttabGetVersionDescriptor.VERSION_OFFSET,
                                    4)
                            != 0
                    ? Errno.EFAULT.neg()
                    : 0;
        }
        journal(op, ctx, dom, -1, rc, gt == null ? 0 : gt.version());
        return rc;
    }

    /** {@code gnttab_swap_grant_ref}: swaps pairs of the caller's entries, each element with its own status. */
    public long swapGrantRefs(HypercallContext ctx, long uop, int count) {
        int op = GnttabOp.GNTTABOP_swap_grant_ref.code;
        for (int i = 0; i < count; i++) {
            long va = uop + (long) i * GnttabSwapGrantRefDescriptor.SIZE;
            if (ctx.copyFromGuest(va, arg, 0, GnttabSwapGrantRefDescriptor.SIZE) != 0) {
                journal(op, ctx, -1, i, Errno.EFAULT.neg(), 0);
                return Errno.EFAULT.neg();
            }
            ctx.charge(COST_NS);
            long a = u32(GnttabSwapGrantRefDescriptor.REF_A_OFFSET);
            long b = u32(GnttabSwapGrantRefDescriptor.REF_B_OFFSET);
            int status = swap(core.tables().get(ctx.callerDomid()), a, b);
            int rc = statusOut(ctx, va, GnttabSwapGrantRefDescriptor.STATUS_OFFSET, status);
            journal(op, ctx, -1, a, rc != 0 ? rc : status, b);
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    private int swap(GrantTable gt, long refA, long refB) {
        if (gt == null || !gt.refInRange(refA) || !gt.refInRange(refB)) {
            return GnttabStatus.GNTST_bad_gntref.code;
        }
        int a = (int) refA;
        int b = (int) refB;
        if (a == b) {
            return GnttabStatus.GNTST_okay.code;
        }
        if (gt.active().pin(a) != 0 || gt.active().pin(b) != 0) {
            return GnttabStatus.GNTST_eagain.code;
        }
        int size = gt.version() == 1 ? 8 : 16;
        long fa = gt.sharedFrame(gt.version() == 1 ? a / 512 : a / 256);
        long fb = gt.sharedFrame(gt.version() == 1 ? b / 512 : b / 256);
        int oa = (gt.version() == 1 ? a % 512 : a % 256) * size;
        int ob = (gt.version() == 1 ? b % 512 : b % 256) * size;
        for (int off = 0; off < size; off += 8) {
            long va = entries.memory().read64(fa, oa + off);
            long vb = entries.memory().read64(fb, ob + off);
            entries.memory().write64(fa, oa + off, vb);
            entries.memory().write64(fb, ob + off, va);
        }
        if (gt.version() == 2) {
            int sa = entries.status(gt, a);
            entries.setStatus(gt, a, entries.status(gt, b));
            entries.setStatus(gt, b, sa);
        }
        int owned = gt.active().ownedStatus(a);
        gt.active().setOwnedStatus(a, gt.active().ownedStatus(b));
        gt.active().setOwnedStatus(b, owned);
        return GnttabStatus.GNTST_okay.code;
    }
}
