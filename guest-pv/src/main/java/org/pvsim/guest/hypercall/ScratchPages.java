package org.pvsim.guest.hypercall;

/**
 * Where a vCPU's scratch buffer gets more room: the kernel's page allocator, seen from the hypercall layer. Pages
 * come as contiguous runs of the kernel's initial mapping, writable.
 */
public interface ScratchPages {
    /** The virtual address of {@code pages} contiguous free pages now reserved for the caller, or 0 (NULL) if none. */
    long allocate(int pages);

    /** Returns a run {@link #allocate(int)} gave. */
    void free(long va, int pages);
}
