package org.pvsim.gnttab.table;

import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_sub_page;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transitive;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_type_mask;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;

import org.pvsim.gnttab.abi.GnttabStatus;

/**
 * Pinning the status of a grant entry ({@code _set_status_v1}, {@code _set_status_v2}, {@code reduce_status_for_pin},
 * {@code xen/common/grant_table.c}): the checks a map or copy makes on the shared entry before taking its first pin
 * (or its first writable pin), the setting of {@code GTF_reading} / {@code GTF_writing}, and their clearing when pins
 * go.
 *
 * <p>Invariant kept (I8 b): after {@link #reduceStatusForPin}, Xen's own status bits ({@link
 * ActiveGrantEntries#ownedStatus}, updated here with every set or clear of the shared word) say {@code GTF_reading}
 * iff the entry has a pin and {@code GTF_writing} iff it has a writable pin (host or device). The shared word itself
 * is guest memory: a guest may overwrite it at any time, and Xen (and this class) only ORs in or clears its bits
 * there, as {@code gnttab_set_flags} / {@code gnttab_clear_flags} do. Used by map_grant_ref and by {@code
 * acquire_grant_for_copy} / {@code release_grant_for_copy}; allocates nothing.
 */
public final class GrantStatus {
    /** {@code _set_status_v1} retries its cmpxchg at most this many times more before "unstable". */
    public static final int SET_STATUS_MAX_RETRIES = 4;

    private final SharedEntries entries;

    /** Status updates through {@code entries}. */
    public GrantStatus(SharedEntries entries) {
        this.entries = entries;
    }

    /** The shared entries it reads and writes. */
    public SharedEntries entries() {
        return entries;
    }

    /**
     * {@code _set_status}: for an entry that is not pinned yet, checks that its type is {@code GTF_permit_access}
     * (v2 copies also accept {@code GTF_transitive}; maps, {@code mapflag}, refuse {@code GTF_sub_page}) and that its
     * {@code domid} is {@code ldomid}; a writable request ({@code !readonly}) fails on a {@code GTF_readonly} entry.
     * Then sets {@code GTF_reading}, and {@code GTF_writing} if writable, in the status word. The caller adds the
     * pin afterwards, and undoes with {@link #reduceStatusForPin} if it fails later.
     *
     * @return {@code GNTST_okay}, or {@code GNTST_general_error} (nothing changed)
     */
    public int setStatus(GrantTable rgt, int ref, boolean readonly, boolean mapflag, int ldomid) {
        return rgt.version() == 1
                ? setStatusV1(rgt, ref, readonly, mapflag, ldomid)
                : setStatusV2(rgt, ref, readonly, mapflag, ldomid);
    }

    private int setStatusV1(GrantTable rgt, int ref, boolean readonly, boolean mapflag, int ldomid) {
        int mask = GTF_type_mask;
        if (mapflag) {
            mask |= GTF_sub_page;
        }
        int pin = rgt.active().pin(ref);
        int scombo = entries.combo(rgt, ref);
        for (int retries = 0; ; retries++) {
            int flags = scombo & 0xFFFF;
            int domid = scombo >>> 16;
            if (pin == 0 && ((flags & mask) != GTF_permit_access || domid != ldomid)) {
                return GnttabStatus.GNTST_general_error.code;
            }
            int newFlags = flags | GTF_reading;
            if (!readonly) {
                newFlags |= GTF_writing;
                if ((flags & GTF_readonly) != 0) {
                    return GnttabStatus.GNTST_general_error.code;
                }
            }
            int update = (scombo & 0xFFFF_0000) | newFlags;
            int prev = entries.cmpxchgCombo(rgt, ref, scombo, update);
            if (prev == scombo) {
                ActiveGrantEntries act = rgt.active();
                act.setOwnedStatus(ref, act.ownedStatus(ref) | (readonly ? GTF_reading : GTF_reading | GTF_writing));
                return GnttabStatus.GNTST_okay.code;
            }
            if (retries == SET_STATUS_MAX_RETRIES) {
                return GnttabStatus.GNTST_general_error.code;
            }
            scombo = prev;
        }
    }

    private static boolean badTypeV2(int flags, int mask, boolean mapflag) {
        return (flags & mask) != GTF_permit_access && (mapflag || (flags & mask) != GTF_transitive);
    }

    private int setStatusV2(GrantTable rgt, int ref, boolean readonly, boolean mapflag, int ldomid) {
        int mask = GTF_type_mask;
        if (mapflag) {
            mask |= GTF_sub_page;
        }
        int pin = rgt.active().pin(ref);
        int flags = entries.flags(rgt, ref);
        int domid = entries.domid(rgt, ref);
        if (pin == 0 && (badTypeV2(flags, mask, mapflag) || domid != ldomid)) {
            return GnttabStatus.GNTST_general_error.code;
        }
        if (readonly) {
            setBits(rgt, ref, GTF_reading);
        } else {
            if ((flags & GTF_readonly) != 0) {
                return GnttabStatus.GNTST_general_error.code;
            }
            setBits(rgt, ref, GTF_reading | GTF_writing);
        }
        flags = entries.flags(rgt, ref);
        domid = entries.domid(rgt, ref);
        if (pin == 0) {
            if (badTypeV2(flags, mask, mapflag) || domid != ldomid || (!readonly && (flags & GTF_readonly) != 0)) {
                clearBits(rgt, ref, GTF_writing | GTF_reading);
                return GnttabStatus.GNTST_general_error.code;
            }
        } else if ((flags & GTF_readonly) != 0) {
            clearBits(rgt, ref, GTF_writing);
            return GnttabStatus.GNTST_general_error.code;
        }
        return GnttabStatus.GNTST_okay.code;
    }

    /**
     * {@code reduce_status_for_pin}: after pins were dropped (or a failed map's were never kept), clears {@code
     * GTF_reading} if the entry has no pin left and, for a writable release ({@code !readonly}), {@code GTF_writing}
     * if it has no writable pin left.
     */
    public void reduceStatusForPin(GrantTable rgt, int ref, boolean readonly) {
        int pin = rgt.active().pin(ref);
        int clear = pin != 0 ? 0 : GTF_reading;
        if (!readonly && (pin & GrantPin.GNTPIN_write_mask) == 0) {
            clear |= GTF_writing;
        }
        if (clear != 0) {
            clearBits(rgt, ref, clear);
        }
    }

    /** {@code gnttab_set_flags} on the status word, and the same bits in Xen's shadow of it. */
    private void setBits(GrantTable rgt, int ref, int bits) {
        entries.setStatusFlags(rgt, ref, bits);
        ActiveGrantEntries act = rgt.active();
        act.setOwnedStatus(ref, act.ownedStatus(ref) | bits);
    }

    /** {@code gnttab_clear_flags} on the status word, and the same bits in Xen's shadow of it. */
    private void clearBits(GrantTable rgt, int ref, int bits) {
        entries.clearStatusFlags(rgt, ref, bits);
        ActiveGrantEntries act = rgt.active();
        act.setOwnedStatus(ref, act.ownedStatus(ref) & ~bits);
    }
}
