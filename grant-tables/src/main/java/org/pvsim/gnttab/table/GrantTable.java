package org.pvsim.gnttab.table;

import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.GrantMmu;

/**
 * One domain's {@code struct grant_table} ({@code xen/common/grant_table.c}): its version, its grant frames (Xen-heap
 * frames shared writable with the domain, where it writes its grant entries), its v2 status frames, its active
 * entries and, as a mapper, its maptrack.
 *
 * <p>Invariants: {@code 1 <= nrGrantFrames <= maxGrantFrames}; status frames exist only in version 2, and then
 * {@code nrStatusFrames == grant_to_status_frames(nrGrantFrames)} (I9); the active array covers every reference
 * below {@link #nrGrantEntries}; frames are only added while the domain lives ({@code gnttab_grow_table}) and returned
 * at its destruction ({@link #freeFrames}).
 */
public final class GrantTable {
    /** {@code INITIAL_NR_GRANT_FRAMES}: the frames a table has from {@code grant_table_init} on. */
    public static final int INITIAL_NR_GRANT_FRAMES = 1;

    private final int domid;
    private final int maxVersion;
    private final int maxGrantFrames;
    private final long[] sharedFrames;
    private final long[] statusFrames;
    private final ActiveGrantEntries active = new ActiveGrantEntries();
    private final Maptrack maptrack;
    private int version = 1;
    private int nrGrantFrames;
    private int nrStatusFrames;
    private int incarnation;

    /**
     * An empty table (no frames yet: {@link #grow} to {@link #INITIAL_NR_GRANT_FRAMES} follows, as in {@code
     * grant_table_init}).
     */
    public GrantTable(int domid, int maxGrantFrames, int maxMaptrackFrames, int maxVersion) {
        this.domid = domid;
        this.maxGrantFrames = maxGrantFrames;
        this.maxVersion = maxVersion;
        this.sharedFrames = new long[maxGrantFrames];
        this.statusFrames = new long[grantToStatusFrames(maxGrantFrames)];
        this.maptrack = new Maptrack(maxMaptrackFrames);
    }

    /** {@code grant_to_status_frames}: status frames for {@code grantFrames} v2 grant frames. */
    public static int grantToStatusFrames(int grantFrames) {
        long entries = (long) grantFrames * GrantFlags.V2_ENTRIES_PER_FRAME;
        return (int) ((entries + GrantFlags.STATUS_ENTRIES_PER_FRAME - 1) / GrantFlags.STATUS_ENTRIES_PER_FRAME);
    }

    /**
     * Which table of its domid this is, from {@link GrantTableSet#put} (0 until entered): Xen names a granter only by
     * domid, so a maptrack entry left behind by an implicit unmap outlives its granter and, once the domid is reused,
     * names a stranger's entry. pvsim behaves as Xen does (ops look granters up by domid only); the number serves
     * the audit alone, to tell such stranded entries ({@link Maptrack#granterIncarnation}) from live ones.
     */
    public int incarnation() {
        return incarnation;
    }

    void setIncarnation(int incarnation) {
        this.incarnation = incarnation;
    }

    /** The domain this table belongs to. */
    public int domid() {
        return domid;
    }

    /** {@code gt_version}: 1 or 2. */
    public int version() {
        return version;
    }

    /** Sets {@code gt_version} (only {@code gnttab_set_version}). */
    public void setVersion(int v) {
        version = v;
    }

    /** {@code max_version}: the highest version {@code set_version} accepts. */
    public int maxVersion() {
        return maxVersion;
    }

    /** {@code max_grant_frames}. */
    public int maxGrantFrames() {
        return maxGrantFrames;
    }

    /** {@code nr_grant_frames}. */
    public int nrGrantFrames() {
        return nrGrantFrames;
    }

    /** {@code nr_status_frames} (0 in version 1). */
    public int nrStatusFrames() {
        return nrStatusFrames;
    }

    /** The machine frame of grant frame {@code i} ({@code i < nrGrantFrames}). */
    public long sharedFrame(int i) {
        return sharedFrames[i];
    }

    /** The machine frame of status frame {@code i} ({@code i < nrStatusFrames}). */
    public long statusFrame(int i) {
        return statusFrames[i];
    }

    /** {@code nr_grant_entries}: 512 per frame in v1, 256 in v2. */
    public int nrGrantEntries() {
        return nrGrantFrames * (version == 1 ? GrantFlags.V1_ENTRIES_PER_FRAME : GrantFlags.V2_ENTRIES_PER_FRAME);
    }

    /** Whether {@code ref} (a guest's unsigned 32-bit value) names an entry: {@code ref < nr_grant_entries}. */
    public boolean refInRange(long ref) {
        return ref >= 0 && ref < nrGrantEntries();
    }

    /** The active entries ({@code gt->active}). */
    public ActiveGrantEntries active() {
        return active;
    }

    /** This domain's maptrack, as a mapper ({@code gt->maptrack}). */
    public Maptrack maptrack() {
        return maptrack;
    }

    /**
     * {@code gnttab_grow_table}: grows to {@code req} grant frames (at least {@link #INITIAL_NR_GRANT_FRAMES}), plus
     * the v2 status frames, each a zeroed Xen-heap frame shared with the domain. On failure the table is unchanged.
     *
     * @return 0, or {@code -ENOMEM}
     */
    public int grow(int req, GrantMmu mmu) {
        if (req < INITIAL_NR_GRANT_FRAMES) {
            req = INITIAL_NR_GRANT_FRAMES;
        }
        if (req > maxGrantFrames) {
            return Errno.EINVAL.neg();
        }
        int oldFrames = nrGrantFrames;
        for (int i = oldFrames; i < req; i++) {
            long mfn = mmu.allocSharedFrame(domid);
            if (mfn < 0) {
                for (int j = oldFrames; j < i; j++) {
                    giveBack(mmu, sharedFrames[j]);
                    sharedFrames[j] = 0;
                }
                return Errno.ENOMEM.neg();
            }
            sharedFrames[i] = mfn;
        }
        if (version > 1) {
            int rc = populateStatusFrames(req, mmu);
            if (rc != 0) {
                for (int j = oldFrames; j < req; j++) {
                    giveBack(mmu, sharedFrames[j]);
                    sharedFrames[j] = 0;
                }
                return rc;
            }
        }
        active.ensureCapacity(Math.max(req, oldFrames) * GrantFlags.V1_ENTRIES_PER_FRAME);
        nrGrantFrames = Math.max(req, oldFrames);
        return 0;
    }

    /**
     * {@code gnttab_populate_status_frames}: status frames for {@code reqGrantFrames} grant frames.
     *
     * @return 0, or {@code -ENOMEM} (none added)
     */
    public int populateStatusFrames(int reqGrantFrames, GrantMmu mmu) {
        int want = grantToStatusFrames(reqGrantFrames);
        int have = nrStatusFrames;
        for (int i = have; i < want; i++) {
            long mfn = mmu.allocSharedFrame(domid);
            if (mfn < 0) {
                for (int j = have; j < i; j++) {
                    giveBack(mmu, statusFrames[j]);
                    statusFrames[j] = 0;
                }
                return Errno.ENOMEM.neg();
            }
            statusFrames[i] = mfn;
        }
        nrStatusFrames = Math.max(want, have);
        return 0;
    }

    /**
     * {@code gnttab_unpopulate_status_frames} for a PV domain: takes the status frames back one by one ({@link
     * GrantMmu#unshareSharedFrame}), only while the guest holds none of them any more. When frame {@code i} is still
     * referenced, the frames {@code 0..i-1} already taken are shared with the domain again ({@link
     * GrantMmu#reshareSharedFrame}, Xen's {@code share_xen_page_with_guest(SHARE_rw)}): same frames, same words, so a
     * refused {@code set_version} changes nothing. Otherwise every status frame is freed.
     *
     * @return 0, or {@code -EBUSY}
     */
    public int unpopulateStatusFrames(GrantMmu mmu) {
        for (int i = 0; i < nrStatusFrames; i++) {
            if (mmu.unshareSharedFrame(domid, statusFrames[i]) != 0) {
                while (i-- > 0) {
                    mmu.reshareSharedFrame(domid, statusFrames[i]);
                }
                return Errno.EBUSY.neg();
            }
        }
        for (int i = 0; i < nrStatusFrames; i++) {
            mmu.freeSharedFrame(statusFrames[i]);
            statusFrames[i] = 0;
        }
        nrStatusFrames = 0;
        return 0;
    }

    /** {@code grant_table_destroy}: returns every grant and status frame to the pool. */
    public void freeFrames(GrantMmu mmu) {
        for (int i = 0; i < nrGrantFrames; i++) {
            mmu.freeSharedFrame(sharedFrames[i]);
            sharedFrames[i] = 0;
        }
        for (int i = 0; i < nrStatusFrames; i++) {
            mmu.freeSharedFrame(statusFrames[i]);
            statusFrames[i] = 0;
        }
        nrGrantFrames = 0;
        nrStatusFrames = 0;
    }

    private void giveBack(GrantMmu mmu, long mfn) {
        mmu.unshareSharedFrame(domid, mfn);
        mmu.freeSharedFrame(mfn);
    }
}
