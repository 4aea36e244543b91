package org.pvsim.gnttab.table;

import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;

import java.util.Arrays;

/**
 * A grant table's {@code active_grant_entry} array ({@code xen/common/grant_table.c}) as parallel arrays indexed by
 * grant reference: the hypervisor's shadow of every pinned entry. While {@link #pin} is non-zero the fields here, not
 * the guest-writable shared entry, say what is granted (the frame, the sub-page range, the transitive source): edits
 * of the shared entry are ignored until the pin drops to 0.
 *
 * <p>Beside Xen's fields it keeps, per entry, the {@code GTF_reading} / {@code GTF_writing} bits Xen itself put in
 * the entry's status word ({@link #ownedStatus}): the shared word is guest memory (a guest may set, clear or, in a
 * {@code GTF_accept_transfer} entry, reuse those bits), so the auditor checks this shadow, not the shared word (I8).
 * Only {@link GrantStatus} ({@code _set_status}, {@code reduce_status_for_pin}: maps, unmaps, copies, release of a
 * dying domain's mappings) and {@code gnttab_set_version} / {@code gnttab_swap_grant_ref} (which move or clear whole
 * words) change it.
 *
 * <p>Capacity follows the table ({@code num_act_frames_from_sha_frames}: as many entries as v1 entries fit in the
 * grant frames); it only grows, in {@link GrantTable#grow}, never on a map or copy path. Nothing else allocates.
 */
public final class ActiveGrantEntries {
    private int[] pin = new int[0];
    private int[] domid = new int[0];
    private int[] transDomain = new int[0];
    private int[] transGref = new int[0];
    private long[] frame = new long[0];
    private int[] start = new int[0];
    private int[] length = new int[0];
    private boolean[] isSubPage = new boolean[0];
    private int[] ownedStatus = new int[0];

    /** The number of entries the arrays hold. */
    public int capacity() {
        return pin.length;
    }

    /** Grows the arrays to {@code n} entries (new ones zero: unpinned). Called only when the table grows. */
    void ensureCapacity(int n) {
        if (n <= pin.length) {
            return;
        }
        pin = Arrays.copyOf(pin, n);
        domid = Arrays.copyOf(domid, n);
        transDomain = Arrays.copyOf(transDomain, n);
        transGref = Arrays.copyOf(transGref, n);
        frame = Arrays.copyOf(frame, n);
        start = Arrays.copyOf(start, n);
        length = Arrays.copyOf(length, n);
        isSubPage = Arrays.copyOf(isSubPage, n);
        ownedStatus = Arrays.copyOf(ownedStatus, n);
    }

    /** {@code act->pin}: the four counters of {@link GrantPin}. */
    public int pin(int ref) {
        return pin[ref];
    }

    /** Sets {@code act->pin} (the caller keeps each counter within 0..255). */
    public void setPin(int ref, int value) {
        pin[ref] = value;
    }

    /** {@code act->pin += incr}. */
    public void addPin(int ref, int incr) {
        pin[ref] += incr;
    }

    /** {@code act->pin -= incr}. */
    public void subPin(int ref, int incr) {
        pin[ref] -= incr;
    }

    /** {@code act->domid}: the domain the pinned entry was granted to. */
    public int domid(int ref) {
        return domid[ref];
    }

    /** {@code act->src_domid}: the domain that really owns the frame (the granter, or a transitive grant's source). */
    public int transDomain(int ref) {
        return transDomain[ref];
    }

    /** {@code act->trans_gref}: the reference in {@link #transDomain} (the entry itself unless transitive). */
    public int transGref(int ref) {
        return transGref[ref];
    }

    /** {@code act->mfn}: the frame granted. */
    public long frame(int ref) {
        return frame[ref];
    }

    /** {@code act->start}: the first byte granted (0 unless sub-page). */
    public int start(int ref) {
        return start[ref];
    }

    /** {@code act->length}: the bytes granted (4096 unless sub-page). */
    public int length(int ref) {
        return length[ref];
    }

    /** {@code act->is_sub_page}. */
    public boolean isSubPage(int ref) {
        return isSubPage[ref];
    }

    /**
     * Fills the entry's snapshot when its first pin is taken (map_grant_ref and acquire_grant_for_copy after {@code
     * _set_status} succeeded and the frame was resolved).
     */
    public void fill(
            int ref, int grantee, long mfn, int startOff, int len, boolean subPage, int sourceDomid, int sourceGref) {
        domid[ref] = grantee;
        frame[ref] = mfn;
        start[ref] = startOff;
        length[ref] = len;
        isSubPage[ref] = subPage;
        transDomain[ref] = sourceDomid;
        transGref[ref] = sourceGref;
    }

    /**
     * The {@code GTF_reading} / {@code GTF_writing} bits Xen last set (and has not cleared since) in the entry's status
     * word, whatever the guest wrote there after. Invariant (I8): {@code GTF_reading} iff {@link #pin} is non-zero,
     * {@code GTF_writing} iff a writable (host or device) pin exists.
     */
    public int ownedStatus(int ref) {
        return ownedStatus[ref];
    }

    /**
     * Replaces the shadow of {@code ref} (only {@link GrantStatus}, {@code gnttab_set_version}'s clearing and {@code
     * gnttab_swap_grant_ref}; tests use it to break the invariant on purpose).
     */
    public void setOwnedStatus(int ref, int bits) {
        ownedStatus[ref] = bits & (GTF_reading | GTF_writing);
    }
}
