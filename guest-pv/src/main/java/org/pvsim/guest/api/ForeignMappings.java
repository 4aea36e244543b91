package org.pvsim.guest.api;

/**
 * Mappings of other domains' machine frames into this kernel's address space: Linux's {@code privcmd} mmap, which
 * dom0's toolstack uses to build and inspect domains. Only a privileged domain succeeds; Xen checks every mapping.
 *
 * <p>A mapping is a page of the kernel's foreign-mapping window (a range of its own virtual address space); its L1
 * entry is set with {@code mmu_update} naming the frame's owner as {@code foreigndom}, so Xen validates it against
 * that domain: a frame the domain does not own is refused, and so is a writable mapping of a frame in use as a page
 * table ({@code -EBUSY}). {@link #unmap(long)} clears the entry, which drops the reference the mapping held, so the
 * frame can afterwards be pinned, retyped or freed.
 *
 * <p>Invariant: every address {@link #map} returned and {@link #unmap} has not yet released maps exactly the frame
 * asked for, with the access asked for, and no other window page is mapped.
 */
public interface ForeignMappings {
    /**
     * Maps machine frame {@code mfn} of domain {@code domid}.
     *
     * @return the virtual address the frame is now mapped at, or the negative errno Xen gave ({@code -EPERM} without
     *     privilege, {@code -EBUSY} for a frame that may not be mapped so, {@code -ESRCH} for an unknown domain). Both
     *     are negative as signed numbers (the window lies in the upper half): tell them apart with {@link
     *     #isError(long)}
     */
    long map(int domid, long mfn, boolean writable);

    /** Whether a {@link #map} result is an errno (-4095 to -1, as Linux's {@code IS_ERR_VALUE}) rather than an address. */
    static boolean isError(long result) {
        return result < 0 && result >= -4095;
    }

    /**
     * Removes the mapping at {@code va}.
     *
     * @throws IllegalArgumentException if {@code va} is not a live mapping of this window
     */
    void unmap(long va);

    /** Live mappings. */
    int mapped();
}
