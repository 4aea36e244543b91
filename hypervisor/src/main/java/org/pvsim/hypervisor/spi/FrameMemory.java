package org.pvsim.hypervisor.spi;

/**
 * Machine memory by frame number and byte offset, for the structures Xen shares with guests (shared_info, FIFO
 * control blocks and event arrays, grant tables). Reads and writes are the hypervisor's own: they are not journalled
 * (replay recomputes them). Offsets must lie within the 4 KiB frame; nothing here allocates.
 *
 * <p>{@link #getWritablePage} and {@link #putWritablePage} are {@code get_page_and_type(PGT_writable_page)} and its
 * release, on a frame the subsystem maps for as long as it likes: every reference taken must be reported to the
 * auditor ({@link SubsystemAudit#frameReferences}) until it is released.
 */
public interface FrameMemory {
    int read8(long mfn, int offset);

    void write8(long mfn, int offset, int value);

    int read16(long mfn, int offset);

    void write16(long mfn, int offset, int value);

    int read32(long mfn, int offset);

    void write32(long mfn, int offset, int value);

    long read64(long mfn, int offset);

    void write64(long mfn, int offset, long value);

    /**
     * {@code get_page_from_gfn} then {@code get_page_type(PGT_writable_page)} for guest frame {@code gfn} of {@code
     * domid} (for a PV domain the gfn is the mfn): takes a general and a type reference.
     *
     * @return the frame, or a negative errno ({@code -EINVAL} if it is not the domain's RAM or cannot be writable)
     */
    long getWritablePage(int domid, long gfn);

    /**
     * Copies {@code len} bytes from {@code srcMfn} at {@code srcOff} to {@code dstMfn} at {@code dstOff} (a
     * {@code memcpy} between two mapped frames; the ranges lie within their frames).
     */
    void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len);

    /** Releases what {@link #getWritablePage} took ({@code put_page_and_type}). */
    void putWritablePage(long mfn);
}
