package org.pvsim.guest.gnttab;

import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabStatus;

/**
 * One {@code struct gnttab_copy}: a source and a destination, each a grant reference (with {@code
 * GNTCOPY_source_gref} / {@code GNTCOPY_dest_gref}) or a frame of the caller's, with a domain and an offset in the
 * page, then a length. A mutable holder, reused from call to call.
 *
 * <p>Xen's rule: {@code offset + len} must not pass the end of the page on either side ({@code GNTST_bad_copy_arg}),
 * and a side naming another domain must go through a grant reference ({@code GNTST_permission_denied}).
 */
public final class GrantCopyOp {
    /** IN: the source's grant reference or frame ({@code source.u}). */
    public long sourceRefOrGmfn;
    /** IN: the source's domain. */
    public int sourceDomid;
    /** IN: the source's byte offset in its page. */
    public int sourceOffset;
    /** IN: the destination's grant reference or frame ({@code dest.u}). */
    public long destRefOrGmfn;
    /** IN: the destination's domain. */
    public int destDomid;
    /** IN: the destination's byte offset in its page. */
    public int destOffset;
    /** IN: bytes to copy. */
    public int len;
    /** IN: {@code GNTCOPY_*}. */
    public int flags;
    /** OUT: {@code GNTST_*}. */
    public int status = GnttabStatus.GNTST_general_error.code;

    /** Sets the source side; returns {@code this}. */
    public GrantCopyOp source(boolean gref, long refOrGmfn, int domid, int offset) {
        this.sourceRefOrGmfn = refOrGmfn;
        this.sourceDomid = domid;
        this.sourceOffset = offset;
        this.flags = gref ? flags | GntMap.GNTCOPY_source_gref : flags & ~GntMap.GNTCOPY_source_gref;
        this.status = GnttabStatus.GNTST_general_error.code;
        return this;
    }

    /** Sets the destination side; returns {@code this}. */
    public GrantCopyOp dest(boolean gref, long refOrGmfn, int domid, int offset) {
        this.destRefOrGmfn = refOrGmfn;
        this.destDomid = domid;
        this.destOffset = offset;
        this.flags = gref ? flags | GntMap.GNTCOPY_dest_gref : flags & ~GntMap.GNTCOPY_dest_gref;
        this.status = GnttabStatus.GNTST_general_error.code;
        return this;
    }

    /** Sets the length; returns {@code this}. */
    public GrantCopyOp len(int len) {
        this.len = len;
        return this;
    }

    @Override
    public String toString() {
        return String.format(
                "copy{%s d%d:%d+%d -> %s d%d:%d+%d, %d bytes: %s}",
                (flags & GntMap.GNTCOPY_source_gref) != 0 ? "ref" : "gmfn",
                sourceDomid,
                sourceRefOrGmfn,
                sourceOffset,
                (flags & GntMap.GNTCOPY_dest_gref) != 0 ? "ref" : "gmfn",
                destDomid,
                destRefOrGmfn,
                destOffset,
                len,
                GnttabStatus.nameOf(status));
    }
}
