package org.pvsim.gnttab.table;

import java.util.Arrays;

/**
 * A mapping domain's maptrack ({@code struct grant_mapping} table, {@code xen/common/grant_table.c}): one entry per
 * handle, {@code {ref, flags, domid}} of the grant it maps; {@code flags == 0} means free. Handles come from a free
 * list kept as Xen keeps a vCPU's ({@code get_maptrack_handle}, {@code put_maptrack_handle}): taken at the head,
 * returned at the tail, and the last free entry is never handed out (it is the list's tail sentinel). When the list
 * has no spare entry and {@link #limit} is below {@code max_maptrack_frames * 256}, 256 handles are added
 * ({@code MAPTRACK_PER_PAGE}): the first is returned, the rest go to the head of the list.
 *
 * <p>Invariants: a handle is in use (flags != 0) or on the free list, never both; {@link #limit} only grows, by 256;
 * arrays grow by doubling when the limit passes their length, so most maps allocate nothing.
 */
public final class Maptrack {
    /** {@code MAPTRACK_PER_PAGE}: 16-byte {@code grant_mapping} entries per 4 KiB frame. */
    public static final int MAPTRACK_PER_PAGE = 256;
    /** {@code MAPTRACK_TAIL}: the end of the free list. */
    public static final int MAPTRACK_TAIL = -1;
    /** {@code INVALID_MAPTRACK_HANDLE}: no handle could be had. */
    public static final int INVALID_MAPTRACK_HANDLE = -1;

    private final int maxFrames;
    private int[] ref = new int[0];
    private int[] flags = new int[0];
    private int[] domid = new int[0];
    private int[] granterIncarnation = new int[0];
    private int[] next = new int[0];
    private int limit;
    private int head = MAPTRACK_TAIL;
    private int tail = MAPTRACK_TAIL;
    private int inUse;

    /** An empty maptrack of at most {@code maxMaptrackFrames * 256} handles. */
    public Maptrack(int maxMaptrackFrames) {
        this.maxFrames = Math.max(maxMaptrackFrames, 0);
    }

    /** {@code maptrack_limit}: handles are 0 to this minus 1. */
    public int limit() {
        return limit;
    }

    /** {@code max_maptrack_frames}. */
    public int maxFrames() {
        return maxFrames;
    }

    /** {@code nr_maptrack_frames}. */
    public int nrFrames() {
        return limit / MAPTRACK_PER_PAGE;
    }

    /** The number of handles in use. */
    public int inUse() {
        return inUse;
    }

    /** Whether {@code handle} names an entry in use ({@code handle < maptrack_limit} and its flags are not 0). */
    public boolean isInUse(long handle) {
        return handle >= 0 && handle < limit && flags[(int) handle] != 0;
    }

    /** The entry's {@code ref} (meaningful only while in use). */
    public int ref(int handle) {
        return ref[handle];
    }

    /** The entry's {@code GNTMAP_*} flags; 0 if free. */
    public int flags(int handle) {
        return flags[handle];
    }

    /** The entry's granting domain. */
    public int domid(int handle) {
        return domid[handle];
    }

    /**
     * The {@link GrantTable#incarnation} of the granter's table when the entry was recorded (audit bookkeeping, not
     * in Xen's {@code grant_mapping}; no op reads it): if it differs from the table now at {@link #domid}, or there
     * is none, the granter was destroyed under this entry, which only an implicit unmap of its host mapping allows.
     */
    public int granterIncarnation(int handle) {
        return granterIncarnation[handle];
    }

    /** Narrows an entry's flags (unmap_common: the host or device part is gone, the other stays). */
    public void setFlags(int handle, int newFlags) {
        if (newFlags == 0) {
            throw new IllegalArgumentException("free a handle with put");
        }
        flags[handle] = newFlags;
    }

    /**
     * Records a mapping in a handle {@link #get} returned ({@code mt->domid, mt->ref}, then {@code mt->flags}), of
     * the grant table {@code granter} (its domid and {@link GrantTable#incarnation}).
     */
    public void record(int handle, int grantRef, GrantTable granter, int gntmapFlags) {
        ref[handle] = grantRef;
        domid[handle] = granter.domid();
        granterIncarnation[handle] = granter.incarnation();
        flags[handle] = gntmapFlags;
        inUse++;
    }

    /**
     * {@code get_maptrack_handle}: a free handle, growing the table by 256 if the free list has no spare entry and
     * there is headroom.
     *
     * @return the handle, or {@link #INVALID_MAPTRACK_HANDLE} ({@code GNTST_no_space})
     */
    public int get() {
        int h = takeHead();
        if (h != INVALID_MAPTRACK_HANDLE) {
            return h;
        }
        if (nrFrames() >= maxFrames) {
            return INVALID_MAPTRACK_HANDLE;
        }
        int handle = limit;
        ensureCapacity(limit + MAPTRACK_PER_PAGE);
        for (int i = 0; i < MAPTRACK_PER_PAGE; i++) {
            next[handle + i] = handle + i + 1;
            flags[handle + i] = 0;
        }
        if (tail == MAPTRACK_TAIL) {
            tail = handle + MAPTRACK_PER_PAGE - 1;
        }
        limit += MAPTRACK_PER_PAGE;
        next[handle + MAPTRACK_PER_PAGE - 1] = head;
        head = handle + 1;
        return handle;
    }

    /** {@code _get_maptrack_handle}: the head of the free list unless it is the last entry. */
    private int takeHead() {
        int h = head;
        if (h == MAPTRACK_TAIL) {
            return INVALID_MAPTRACK_HANDLE;
        }
        int n = next[h];
        if (n == MAPTRACK_TAIL) {
            return INVALID_MAPTRACK_HANDLE;
        }
        head = n;
        return h;
    }

    /**
     * {@code put_maptrack_handle}: frees {@code handle} (in use or just taken by {@link #get}) onto the tail of the
     * free list.
     */
    public void put(int handle) {
        if (flags[handle] != 0) {
            inUse--;
        }
        flags[handle] = 0;
        next[handle] = MAPTRACK_TAIL;
        int oldTail = tail;
        tail = handle;
        if (oldTail != MAPTRACK_TAIL) {
            next[oldTail] = handle;
        } else {
            head = handle;
        }
    }

    private void ensureCapacity(int n) {
        if (n <= ref.length) {
            return;
        }
        int cap = Math.max(n, ref.length * 2);
        ref = Arrays.copyOf(ref, cap);
        flags = Arrays.copyOf(flags, cap);
        domid = Arrays.copyOf(domid, cap);
        granterIncarnation = Arrays.copyOf(granterIncarnation, cap);
        next = Arrays.copyOf(next, cap);
    }

    /**
     * The end of {@code gnttab_release_mappings}: every entry is free and {@code maptrack_limit} is 0 (a dying
     * domain maps nothing more).
     */
    public void releaseAll() {
        limit = 0;
        head = MAPTRACK_TAIL;
        tail = MAPTRACK_TAIL;
        inUse = 0;
        java.util.Arrays.fill(flags, 0);
    }
}
