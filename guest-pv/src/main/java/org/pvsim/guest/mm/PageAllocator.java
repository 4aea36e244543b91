package org.pvsim.guest.mm;

/**
 * The kernel's page allocator over its pseudo-physical pages: a bitmap, handing out the lowest free page first so that
 * a run is a function of its inputs alone. Pages below {@link #firstFree()} (the kernel image, P2M list, start_info,
 * rings, bootstrap page tables and stack) are never free.
 *
 * <p>Invariant: a page is either free or allocated to exactly one owner; {@link #freeCount()} is the number of free
 * pages; a double free is a kernel bug and throws.
 */
public final class PageAllocator {
    private final long nrPages;
    private final long firstFree;
    private final long[] used;
    private long freeCount;
    /** No page below this is free. */
    private long hint;

    /**
     * An allocator of pages {@code [firstFree, nrPages)}, all free.
     *
     * @throws IllegalArgumentException if {@code firstFree} is not within {@code [0, nrPages]}
     */
    public PageAllocator(long nrPages, long firstFree) {
        if (firstFree < 0 || firstFree > nrPages) {
            throw new IllegalArgumentException(
                    "the first free page " + firstFree + " is outside the domain's " + nrPages + " pages");
        }
        this.nrPages = nrPages;
        this.firstFree = firstFree;
        this.used = new long[(int) ((nrPages + 63) >>> 6)];
        for (long p = 0; p < firstFree; p++) {
            set(p, true);
        }
        this.freeCount = nrPages - firstFree;
        this.hint = firstFree;
    }

    /** Pages of the pseudo-physical space. */
    public long nrPages() {
        return nrPages;
    }

    /** The first page that was ever free: the end of the bootstrap region. */
    public long firstFree() {
        return firstFree;
    }

    /** Pages free now. */
    public long freeCount() {
        return freeCount;
    }

    /** Whether {@code pfn} is allocated (or part of the bootstrap region). */
    public boolean isAllocated(long pfn) {
        return pfn < 0 || pfn >= nrPages || get(pfn);
    }

    /** The lowest free page, now allocated; or -1 if none is free. */
    public long alloc() {
        for (long p = hint; p < nrPages; p++) {
            if (!get(p)) {
                set(p, true);
                freeCount--;
                hint = p + 1;
                return p;
            }
        }
        hint = nrPages;
        return -1;
    }

    /** The first page of the lowest run of {@code n} contiguous free pages, now allocated; or -1 if there is none. */
    public long allocContiguous(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("a run must be at least one page, not " + n);
        }
        long run = 0;
        for (long p = hint; p < nrPages; p++) {
            run = get(p) ? 0 : run + 1;
            if (run == n) {
                long first = p - n + 1;
                for (long q = first; q <= p; q++) {
                    set(q, true);
                }
                freeCount -= n;
                if (first == hint) {
                    hint = p + 1;
                }
                return first;
            }
        }
        return -1;
    }

    /**
     * Frees {@code pfn}.
     *
     * @throws IllegalStateException if it is not allocated, or lies in the bootstrap region
     */
    public void free(long pfn) {
        if (pfn < firstFree || pfn >= nrPages) {
            throw new IllegalStateException("page " + pfn + " was never the allocator's (free pages are " + firstFree
                    + " to " + (nrPages - 1) + ")");
        }
        if (!get(pfn)) {
            throw new IllegalStateException("page " + pfn + " freed twice");
        }
        set(pfn, false);
        freeCount++;
        if (pfn < hint) {
            hint = pfn;
        }
    }

    private boolean get(long pfn) {
        return (used[(int) (pfn >>> 6)] & (1L << pfn)) != 0;
    }

    private void set(long pfn, boolean on) {
        int w = (int) (pfn >>> 6);
        used[w] = on ? used[w] | (1L << pfn) : used[w] & ~(1L << pfn);
    }
}
