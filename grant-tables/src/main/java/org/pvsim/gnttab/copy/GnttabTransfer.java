package org.pvsim.gnttab.copy;

import static org.pvsim.gnttab.abi.GrantFlags.GTF_accept_transfer;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transfer_committed;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transfer_completed;

import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabTransferDescriptor;
import org.pvsim.gnttab.op.GnttabBatchOp;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantStatus;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.SharedEntries;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * {@code GNTTABOP_transfer} ({@code gnttab_transfer} and {@code gnttab_prepare_for_transfer}, {@code
 * xen/common/grant_table.c}; {@code steal_page}, {@code x86/mm.c}): a PV domain gives one of its pages to another
 * domain, through that domain's {@code GTF_accept_transfer} entry.
 *
 * <p>Per element, in Xen's order: a frame that is not RAM is {@code GNTST_bad_page}; the steal ({@link
 * GrantMmu#stealPage}) fails with {@code GNTST_bad_page} ({@code -EINVAL}: not the caller's, referenced or typed) or
 * {@code GNTST_general_error}; from then on the page is the hypervisor's, and every later failure frees it ("even if
 * the transfer fails, the page no longer belongs to the caller unless the error is GNTST_bad_page"): an unknown
 * receiver {@code GNTST_bad_domain}; a v1 receiver and a frame above 4 GiB {@code GNTST_address_too_big}; a dying
 * receiver or one at {@code max_pages} {@code GNTST_general_error}; then {@code gnttab_prepare_for_transfer} (the
 * reference in range, the entry's flags exactly {@code GTF_accept_transfer} and its domid the caller, then {@code
 * GTF_transfer_committed} set by cmpxchg, at most 5 tries) else {@code GNTST_general_error}. On success the frame
 * belongs to the receiver, its M2P entry says the gpfn the entry named, the entry's {@code frame} (v1 32 bits, v2
 * {@code full_page.frame}) is the mfn, and {@code GTF_transfer_completed} is set last. Allocates nothing.
 */
public final class GnttabTransfer implements GnttabBatchOp {
    /** CPU time charged per element. */
    public static final long COST_NS = 400;

    private final GnttabCore core;
    private final SharedEntries entries;
    private final byte[] op = new byte[GnttabTransferDescriptor.SIZE];
    private final byte[] status = new byte[2];

    /** {@code GNTTABOP_transfer} over {@code core}. */
    public GnttabTransfer(GnttabCore core) {
        this.core = core;
        this.entries = core.entries();
    }

    @Override
    public long run(HypercallContext ctx, long uop, int count) {
        int caller = ctx.callerDomid();
        for (int i = 0; i < count; i++) {
            long va = uop + (long) i * GnttabTransferDescriptor.SIZE;
            if (ctx.copyFromGuest(va, op, 0, GnttabTransferDescriptor.SIZE) != 0) {
                core.journal().gnttab(GnttabOp.GNTTABOP_transfer.code, caller, -1, i, Errno.EFAULT.neg(), 0);
                return Errno.EFAULT.neg();
            }
            ctx.charge(COST_NS);
            long mfn = LittleEndian.getI64(op, GnttabTransferDescriptor.MFN_OFFSET);
            int domid = LittleEndian.getU16(op, GnttabTransferDescriptor.DOMID_OFFSET);
            long ref = LittleEndian.getU32(op, GnttabTransferDescriptor.REF_OFFSET);
            int st = transfer(caller, mfn, domid, ref);
            LittleEndian.putU16(status, 0, st);
            int wrc = ctx.copyToGuest(va + GnttabTransferDescriptor.STATUS_OFFSET, status, 0, 2);
            core.journal()
                    .gnttab(
                            GnttabOp.GNTTABOP_transfer.code,
                            caller,
                            domid,
                            ref,
                            wrc != 0 ? Errno.EFAULT.neg() : st,
                            mfn);
            if (wrc != 0) {
                return Errno.EFAULT.neg();
            }
        }
        return 0;
    }

    /**
     * One element: {@code d} gives frame {@code mfn} to {@code domid} through its entry {@code ref}.
     *
     * @return a {@code GNTST_*} code
     */
    int transfer(int d, long mfn, int domid, long ref) {
        GrantMmu mmu = core.mmu();
        if (!mmu.isRam(mfn)) {
            return GnttabStatus.GNTST_bad_page.code;
        }
        int rc = mmu.stealPage(d, mfn);
        if (rc < 0) {
            return rc == Errno.EINVAL.neg() ? GnttabStatus.GNTST_bad_page.code : GnttabStatus.GNTST_general_error.code;
        }
        // guest_physmap_remove_page does nothing for a PV domain; the page is now in flight
        GrantTable e = core.tables().get(domid);
        if (e == null || !core.domains().exists(domid)) {
            mmu.freeInFlightPage(mfn);
            return GnttabStatus.GNTST_bad_domain.code;
        }
        // xsm_grant_transfer (dummy XSM_HOOK): always allowed
        if (e.version() == 1 && (mfn >>> 32) != 0) {
            // a v1 entry holds 32 bits of frame: Xen would copy into a page below 4 GiB; pvsim has none to give
            mmu.freeInFlightPage(mfn);
            return GnttabStatus.GNTST_address_too_big.code;
        }
        if (mmu.assignable(domid) != 0) {
            mmu.freeInFlightPage(mfn);
            return GnttabStatus.GNTST_general_error.code;
        }
        if (!prepareForTransfer(e, d, ref) || mmu.assignPage(domid, mfn) != 0) {
            mmu.freeInFlightPage(mfn);
            return GnttabStatus.GNTST_general_error.code;
        }
        int r = (int) ref;
        // guest_physmap_add_page for a PV domain: the M2P entry only; then tell the guest its new frame
        mmu.setM2p(mfn, entries.frame(e, r));
        entries.setFrame(e, r, mfn);
        entries.setFlags(e, r, entries.flags(e, r) | GTF_transfer_completed);
        return GnttabStatus.GNTST_okay.code;
    }

    /**
     * {@code gnttab_prepare_for_transfer}: checks that entry {@code ref} of {@code e} accepts a transfer from {@code
     * ld} and marks it {@code GTF_transfer_committed}.
     */
    private boolean prepareForTransfer(GrantTable e, int ld, long ref64) {
        if (!e.refInRange(ref64)) {
            return false;
        }
        int ref = (int) ref64;
        int scombo = entries.combo(e, ref);
        for (int retries = 0; ; retries++) {
            int flags = scombo & 0xFFFF;
            int domid = scombo >>> 16;
            if (flags != GTF_accept_transfer || domid != ld) {
                return false;
            }
            int update = scombo | GTF_transfer_committed;
            int prev = entries.cmpxchgCombo(e, ref, scombo, update);
            if (prev == scombo) {
                return true;
            }
            if (retries == GrantStatus.SET_STATUS_MAX_RETRIES) {
                return false;
            }
            scombo = prev;
        }
    }
}
