package org.pvsim.guest.evtchn;

/**
 * The kernel's pages as the event layer needs them: whole pages it keeps for good (the FIFO control blocks and event
 * array), which Xen maps too ({@code map_guest_page} takes a writable type reference), so they are never freed while
 * Xen uses them.
 */
public interface KernelPages {
    /** The lowest free page, now the event layer's; or -1 if none is free. Its contents are whatever it last held. */
    long alloc();

    /** Returns a page {@link #alloc()} gave that Xen never took. */
    void free(long pfn);

    /** The virtual address of page {@code pfn} in the kernel's mapping (read-write). */
    long va(long pfn);

    /** The machine frame behind page {@code pfn}: for a PV guest, the {@code gfn} that EVTCHNOP structures name. */
    long mfn(long pfn);
}
