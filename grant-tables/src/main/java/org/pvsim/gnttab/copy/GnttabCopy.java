package org.pvsim.gnttab.copy;

import static org.pvsim.gnttab.abi.GntMap.GNTCOPY_dest_gref;
import static org.pvsim.gnttab.abi.GntMap.GNTCOPY_source_gref;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.DEST_DOMID_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.DEST_OFFSET_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.DEST_U_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.FLAGS_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.LEN_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.SOURCE_DOMID_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.SOURCE_OFFSET_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.SOURCE_U_OFFSET;
import static org.pvsim.gnttab.abi.GnttabCopyDescriptor.STATUS_OFFSET;

import org.pvsim.gnttab.abi.GnttabCopyDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.op.GnttabBatchOp;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * {@code GNTTABOP_copy} ({@code gnttab_copy}, {@code gnttab_copy_one}, {@code gnttab_copy_lock_domains}, {@code
 * gnttab_copy_claim_buf}, {@code gnttab_copy_release_buf}, {@code gnttab_copy_buf}, {@code xen/common/grant_table.c}):
 * copies {@code len} bytes between two frames, each named by a grant reference of any domain ({@code GNTCOPY_*_gref})
 * or, for the caller's own memory only, by frame number.
 *
 * <p>Per element, in Xen's order: {@code len == 0} succeeds without touching anything; a non-self domid given without
 * its gref flag is {@code GNTST_permission_denied}; an unknown domain {@code GNTST_bad_domain}; the source needs a
 * readable grant and the destination a writable one ({@link GrantCopyAcquire}: {@code GNTST_bad_gntref}, {@code
 * GNTST_general_error}, {@code GNTST_bad_page}, {@code GNTST_bad_domain}), a frame a general reference ({@code
 * GNTST_bad_page}), and the destination frame a writable type reference ({@code GNTST_general_error} for a page
 * table); then {@code offset + len > 4096} on either side is {@code GNTST_bad_copy_arg} and a range outside the
 * granted (sub-page) range {@code GNTST_general_error}. The bytes move with {@link
 * org.pvsim.hypervisor.spi.FrameMemory#copy}.
 *
 * <p>As in Xen, what a side acquired is kept for the next element if that names the same grant or frame of the same
 * domain, and released on an error, when the domains change, and at the end of the call: pins (and so {@code
 * GTF_reading} / {@code GTF_writing}), page and type references live only within one hypercall (I10: acquire and
 * release are symmetric). Only the element's {@code status} field is written back ({@code __copy_field_to_guest}).
 * The element buffer and both sides are preallocated: a call allocates nothing.
 */
public final class GnttabCopy implements GnttabBatchOp {
    /** CPU time charged per element, before the bytes moved. */
    public static final long COST_NS = 120;

    /** Bytes copied per nanosecond charged (a cache-resident {@code memcpy}). */
    public static final int BYTES_PER_NS = 16;

    /** {@code PAGE_SIZE}. */
    static final int PAGE_SIZE = 4096;

    private final GnttabCore core;
    private final GrantCopyAcquire grants;
    private final byte[] op = new byte[GnttabCopyDescriptor.SIZE];
    private final byte[] status = new byte[2];
    private final GnttabCopyBuf src = new GnttabCopyBuf();
    private final GnttabCopyBuf dest = new GnttabCopyBuf();

    // the element being served (struct gnttab_copy, decoded)
    private long sourceU;
    private int sourceDomid;
    private int sourceOffset;
    private long destU;
    private int destDomid;
    private int destOffset;
    private int len;
    private int flags;
    private int caller;

    /** {@code GNTTABOP_copy} over {@code core}. */
    public GnttabCopy(GnttabCore core) {
        this.core = core;
        this.grants = new GrantCopyAcquire(core);
    }

    @Override
    public long run(HypercallContext ctx, long uop, int count) {
        caller = ctx.callerDomid();
        long rc = 0;
        for (int i = 0; i < count; i++) {
            long va = uop + (long) i * GnttabCopyDescriptor.SIZE;
            if (ctx.copyFromGuest(va, op, 0, GnttabCopyDescriptor.SIZE) != 0) {
                core.journal().gnttab(GnttabOp.GNTTABOP_copy.code, caller, -1, i, Errno.EFAULT.neg(), 0);
                rc = Errno.EFAULT.neg();
                break;
            }
            decode();
            ctx.charge(COST_NS + len / BYTES_PER_NS);
            int st = copyOne();
            if (st > 0) {
                // Xen returns to the guest with a continuation that restarts this element, everything released
                releaseAll();
                st = copyOne();
                if (st > 0) {
                    st = GnttabStatus.GNTST_general_error.code;
                }
            }
            if (st != GnttabStatus.GNTST_okay.code) {
                releaseBuf(src);
                releaseBuf(dest);
            }
            LittleEndian.putU16(status, 0, st);
            int wrc = ctx.copyToGuest(va + STATUS_OFFSET, status, 0, 2);
            core.journal()
                    .gnttab(
                            GnttabOp.GNTTABOP_copy.code,
                            caller,
                            remoteDomid(),
                            sourceU,
                            wrc != 0 ? Errno.EFAULT.neg() : st,
                            len);
            if (wrc != 0) {
                rc = Errno.EFAULT.neg();
                break;
            }
        }
        releaseAll();
        return rc;
    }

    /** Whether either side still holds a domain, pin or reference (never true between calls). */
    public boolean holdsAnything() {
        return src.holdsAnything() || dest.holdsAnything();
    }

    private void decode() {
        sourceU = LittleEndian.getI64(op, SOURCE_U_OFFSET);
        sourceDomid = LittleEndian.getU16(op, SOURCE_DOMID_OFFSET);
        sourceOffset = LittleEndian.getU16(op, SOURCE_OFFSET_OFFSET);
        destU = LittleEndian.getI64(op, DEST_U_OFFSET);
        destDomid = LittleEndian.getU16(op, DEST_DOMID_OFFSET);
        destOffset = LittleEndian.getU16(op, DEST_OFFSET_OFFSET);
        len = LittleEndian.getU16(op, LEN_OFFSET);
        flags = LittleEndian.getU16(op, FLAGS_OFFSET);
    }

    /** The journal's remote domain: the side that is not the caller (source first), or -1. */
    private int remoteDomid() {
        int s = sourceDomid == DomId.DOMID_SELF ? caller : sourceDomid;
        if (s != caller) {
            return s;
        }
        int d = destDomid == DomId.DOMID_SELF ? caller : destDomid;
        return d != caller ? d : -1;
    }

    private void releaseAll() {
        releaseBuf(src);
        releaseBuf(dest);
        unlockDomains();
    }

    /** {@code gnttab_copy_one}. */
    private int copyOne() {
        if (len == 0) {
            return GnttabStatus.GNTST_okay.code;
        }
        if (src.domain == null || sourceDomid != src.ptrDomid || dest.domain == null || destDomid != dest.ptrDomid) {
            releaseAll();
            int rc = lockDomains();
            if (rc < 0) {
                return rc;
            }
        }
        boolean srcGref = (flags & GNTCOPY_source_gref) != 0;
        if (!bufValid(sourceU, src, srcGref)) {
            releaseBuf(src);
            int rc = claimBuf(sourceU, src, GNTCOPY_source_gref);
            if (rc != 0) {
                return rc;
            }
        }
        boolean destGref = (flags & GNTCOPY_dest_gref) != 0;
        if (!bufValid(destU, dest, destGref)) {
            releaseBuf(dest);
            int rc = claimBuf(destU, dest, GNTCOPY_dest_gref);
            if (rc != 0) {
                return rc;
            }
        }
        return copyBuf();
    }

    /** {@code gnttab_copy_lock_domains}. */
    private int lockDomains() {
        int rc = lockDomain(sourceDomid, (flags & GNTCOPY_source_gref) != 0, src);
        if (rc == 0) {
            rc = lockDomain(destDomid, (flags & GNTCOPY_dest_gref) != 0, dest);
        }
        // xsm_grant_copy (dummy XSM_HOOK): always allowed
        if (rc < 0) {
            unlockDomains();
        }
        return rc;
    }

    /** {@code gnttab_copy_lock_domain}: only DOMID_SELF may be named by frame. */
    private int lockDomain(int domid, boolean isGref, GnttabCopyBuf buf) {
        if (domid != DomId.DOMID_SELF && !isGref) {
            return GnttabStatus.GNTST_permission_denied.code;
        }
        GrantTable gt = core.tables().byAnyId(domid, caller);
        if (gt == null) {
            return GnttabStatus.GNTST_bad_domain.code;
        }
        buf.domain = gt;
        buf.ptrDomid = domid;
        return 0;
    }

    /** {@code gnttab_copy_unlock_domains}. */
    private void unlockDomains() {
        src.domain = null;
        dest.domain = null;
    }

    /** {@code gnttab_copy_buf_valid}. */
    private static boolean bufValid(long u, GnttabCopyBuf b, boolean hasGref) {
        if (!b.mapped) {
            return false;
        }
        if (hasGref) {
            return b.haveGrant && (int) u == b.ref();
        }
        return u == b.ptrU;
    }

    /** {@code gnttab_copy_release_buf}: drops what the side holds, in Xen's order. */
    void releaseBuf(GnttabCopyBuf buf) {
        buf.mapped = false;
        if (buf.haveGrant) {
            grants.release(buf.domain, buf.ref(), buf.readOnly);
            buf.haveGrant = false;
        }
        GrantMmu mmu = null;
        if (buf.haveType) {
            mmu = core.mmu();
            mmu.putWritableType(buf.mfn);
            buf.haveType = false;
        }
        if (buf.havePage) {
            (mmu == null ? core.mmu() : mmu).putPage(buf.mfn);
            buf.havePage = false;
        }
    }

    /** {@code gnttab_copy_claim_buf}: acquires the grant or the frame, and for the destination a writable type. */
    private int claimBuf(long u, GnttabCopyBuf buf, int grefFlag) {
        buf.readOnly = grefFlag == GNTCOPY_source_gref;
        GrantMmu mmu = core.mmu();
        if ((flags & grefFlag) != 0) {
            int rc = grants.acquire(buf.domain, u & 0xFFFF_FFFFL, caller, buf.readOnly, true, buf);
            if (rc != GnttabStatus.GNTST_okay.code) {
                return rc;
            }
            buf.havePage = true;
            buf.ptrU = (buf.ptrU & 0xFFFF_FFFF_0000_0000L) | (u & 0xFFFF_FFFFL);
            buf.haveGrant = true;
        } else {
            // get_paged_frame: a PV domain's gfn is its mfn, and it must be the domain's own page
            if (!mmu.getPage(u, buf.domain.domid())) {
                return GnttabStatus.GNTST_bad_page.code;
            }
            buf.mfn = u;
            buf.havePage = true;
            buf.ptrU = u;
            buf.start = 0;
            buf.len = PAGE_SIZE;
        }
        if (!buf.readOnly) {
            if (!mmu.getWritableType(buf.mfn)) {
                return GnttabStatus.GNTST_general_error.code;
            }
            buf.haveType = true;
        }
        buf.mapped = true;
        return GnttabStatus.GNTST_okay.code;
    }

    /** {@code gnttab_copy_buf}: the page bounds, then each side's granted range, then the bytes. */
    private int copyBuf() {
        if (sourceOffset + len > PAGE_SIZE || destOffset + len > PAGE_SIZE) {
            return GnttabStatus.GNTST_bad_copy_arg.code;
        }
        if (sourceOffset < src.start || sourceOffset + len > src.start + src.len) {
            return GnttabStatus.GNTST_general_error.code;
        }
        if (destOffset < dest.start || destOffset + len > dest.start + dest.len) {
            return GnttabStatus.GNTST_general_error.code;
        }
        core.memory().copy(src.mfn, sourceOffset, dest.mfn, destOffset, len);
        return GnttabStatus.GNTST_okay.code;
    }
}
