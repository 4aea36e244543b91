package org.pvsim.gnttab.copy;

import static org.pvsim.gnttab.abi.GrantFlags.GTF_sub_page;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transitive;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_type_mask;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_write_mask;

import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.table.ActiveGrantEntries;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantPin;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.SharedEntries;
import org.pvsim.hypervisor.spi.GrantMmu;

/**
 * {@code acquire_grant_for_copy} and {@code release_grant_for_copy} ({@code xen/common/grant_table.c}): pinning a
 * grant entry for the duration of a copy. Acquire checks and pins the entry exactly as Xen does (bound, an entry
 * pinned for another domain or about to overflow, {@code _set_status} when the first pin or the first writable pin is
 * taken, the frame resolved with a general reference, a v2 sub-page range, a transitive entry followed one level
 * deep), and fills the active entry on its first pin; release undoes one acquire.
 *
 * <p>Invariants (I10): the range handed out ({@link GnttabCopyBuf#start}, {@link GnttabCopyBuf#len}) and the frame
 * come from the active entry, never from guest memory once pinned; transitivity is at most one level (the inner
 * acquire refuses another); acquire and release are symmetric: after release the pin, {@code GTF_reading} and {@code
 * GTF_writing} of every entry involved are what they were before the acquire (given no other change in between).
 * The page reference taken on success is the caller's to drop ({@link GrantMmu#putPage}). Nothing allocates.
 */
final class GrantCopyAcquire {
    /**
     * Xen's {@code ERESTART}: a transitive entry changed while its source was being acquired; nothing is held and the
     * element must be tried again.
     */
    static final int ERESTART = 85;

    private final GnttabCore core;
    private final SharedEntries entries;

    GrantCopyAcquire(GnttabCore core) {
        this.core = core;
        this.entries = core.entries();
    }

    /**
     * {@code acquire_grant_for_copy(rd, gref, ldom, readonly, ...)}: on {@code GNTST_okay} the entry holds one more
     * host pin (read or write), {@code out.mfn} has a general reference taken, and {@code out.start} / {@code out.len}
     * are the granted range. On any other result nothing is held.
     *
     * @return a {@code GNTST_*} code, or {@link #ERESTART}
     */
    int acquire(GrantTable rgt, long gref, int ldom, boolean readonly, boolean allowTransitive, GnttabCopyBuf out) {
        int pinIncr = readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
        if (!rgt.refInRange(gref)) {
            return GnttabStatus.GNTST_bad_gntref.code;
        }
        int ref = (int) gref;
        ActiveGrantEntries act = rgt.active();
        if (act.pin(ref) != 0 && (act.domid(ref) != ldom || (act.pin(ref) & GrantPin.incr2oflowMask(pinIncr)) != 0)) {
            return GnttabStatus.GNTST_general_error.code;
        }
        boolean v2 = rgt.version() != 1;
        int oldPin = act.pin(ref);
        boolean needStatus = oldPin == 0 || (!readonly && (oldPin & GNTPIN_write_mask) == 0);
        int rc;
        if (v2 && (entries.flags(rgt, ref) & GTF_type_mask) == GTF_transitive) {
            if (needStatus && (rc = core.status().setStatus(rgt, ref, readonly, false, ldom)) != 0) {
                return rc;
            }
            rc = acquireTransitive(rgt, ref, ldom, readonly, allowTransitive, oldPin, out);
            if (rc != GnttabStatus.GNTST_okay.code) {
                return rc;
            }
        } else if (needStatus) {
            if ((rc = core.status().setStatus(rgt, ref, readonly, false, ldom)) != 0) {
                return rc;
            }
            rc = acquireDirect(rgt, ref, ldom, readonly, v2, oldPin, out);
            if (rc != GnttabStatus.GNTST_okay.code) {
                return rc;
            }
        } else {
            // already pinned with the access we need: the active entry says which frame, and its owner must be rd
            long mfn = act.frame(ref);
            GrantMmu mmu = core.mmu();
            if (mmu.owner(mfn) != rgt.domid()
                    || !core.domains().isAlive(rgt.domid())
                    || !mmu.getPage(mfn, rgt.domid())) {
                core.status().reduceStatusForPin(rgt, ref, readonly);
                return GnttabStatus.GNTST_bad_domain.code;
            }
        }
        act.addPin(ref, pinIncr);
        out.start = act.start(ref);
        out.len = act.length(ref);
        out.mfn = act.frame(ref);
        return GnttabStatus.GNTST_okay.code;
    }

    /** The first or first writable pin of a permit-access entry: resolve the frame and fill or check the active entry. */
    private int acquireDirect(
            GrantTable rgt, int ref, int ldom, boolean readonly, boolean v2, int oldPin, GnttabCopyBuf out) {
        ActiveGrantEntries act = rgt.active();
        long gfn = entries.frame(rgt, ref);
        boolean isSubPage = v2 && (entries.flags(rgt, ref) & GTF_sub_page) != 0;
        int start = isSubPage ? entries.subPageOff(rgt, ref) : 0;
        int length = isSubPage ? entries.subPageLength(rgt, ref) : 4096;
        GrantMmu mmu = core.mmu();
        // get_paged_frame: for a PV granter the gfn is the mfn
        if (!mmu.getPage(gfn, rgt.domid())) {
            core.status().reduceStatusForPin(rgt, ref, readonly);
            return GnttabStatus.GNTST_bad_page.code;
        }
        if (oldPin == 0) {
            act.fill(ref, ldom, gfn, start, length, isSubPage, rgt.domid(), ref);
        } else if (act.frame(ref) != gfn
                || act.transDomain(ref) != rgt.domid()
                || act.transGref(ref) != ref
                || (act.isSubPage(ref) && (!isSubPage || act.start(ref) != start || act.length(ref) != length))) {
            mmu.putPage(gfn);
            core.status().reduceStatusForPin(rgt, ref, readonly);
            return GnttabStatus.GNTST_general_error.code;
        }
        return GnttabStatus.GNTST_okay.code;
    }

    /** A v2 transitive entry: acquire its source entry (one level only), then fill or check the active entry. */
    private int acquireTransitive(
            GrantTable rgt,
            int ref,
            int ldom,
            boolean readonly,
            boolean allowTransitive,
            int oldPin,
            GnttabCopyBuf out) {
        ActiveGrantEntries act = rgt.active();
        if (!allowTransitive) {
            core.status().reduceStatusForPin(rgt, ref, readonly);
            return GnttabStatus.GNTST_general_error.code;
        }
        int transDomid = entries.transDomid(rgt, ref);
        long transGref = entries.transGref(rgt, ref);
        if (transDomid == rgt.domid()) {
            core.status().reduceStatusForPin(rgt, ref, readonly);
            return GnttabStatus.GNTST_general_error.code;
        }
        // rcu_lock_domain_by_id: DOMID_SELF and the like name no domain here
        GrantTable td = core.tables().get(transDomid);
        if (td == null) {
            core.status().reduceStatusForPin(rgt, ref, readonly);
            return GnttabStatus.GNTST_general_error.code;
        }
        int rc = acquire(td, transGref, rgt.domid(), readonly, false, out);
        if (rc != GnttabStatus.GNTST_okay.code) {
            core.status().reduceStatusForPin(rgt, ref, readonly);
            return rc;
        }
        long grantMfn = out.mfn;
        int transStart = out.start;
        int transLength = out.len;
        if (rgt.version() != 2
                || act.pin(ref) != oldPin
                || (oldPin != 0
                        && (act.domid(ref) != ldom
                                || act.frame(ref) != grantMfn
                                || act.start(ref) != transStart
                                || act.length(ref) != transLength
                                || act.transDomain(ref) != td.domid()
                                || act.transGref(ref) != (int) transGref
                                || !act.isSubPage(ref)))) {
            release(td, (int) transGref, readonly);
            core.status().reduceStatusForPin(rgt, ref, readonly);
            core.mmu().putPage(grantMfn);
            return ERESTART;
        }
        if (oldPin == 0) {
            // always treated as sub-page, which keeps transitive grants from being mapped
            act.fill(ref, ldom, grantMfn, transStart, transLength, true, td.domid(), (int) transGref);
        }
        return GnttabStatus.GNTST_okay.code;
    }

    /**
     * {@code release_grant_for_copy(rd, gref, readonly)}: drops the pin one {@link #acquire} took (and, for a
     * transitive entry, the source entry's), reducing {@code GTF_reading} / {@code GTF_writing} to the pins left. Drops
     * no page reference (the caller holds that).
     */
    void release(GrantTable rgt, int ref, boolean readonly) {
        ActiveGrantEntries act = rgt.active();
        GrantTable td = rgt;
        int transGref = ref;
        boolean haveStatus = true;
        if (rgt.version() != 1) {
            haveStatus = rgt.refInRange(ref);
            if (act.transDomain(ref) != rgt.domid()) {
                td = core.tables().get(act.transDomain(ref));
            }
            transGref = act.transGref(ref);
        }
        act.subPin(ref, readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc);
        if (haveStatus) {
            core.status().reduceStatusForPin(rgt, ref, readonly);
        }
        if (td != rgt && td != null) {
            release(td, transGref, readonly);
        }
    }
}
