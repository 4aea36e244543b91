package org.pvsim.hypervisor.spi;

/**
 * What a hypercall handler sees of the call it serves: who made it, when, and access to the caller's memory through
 * the caller's page tables. Handed to handlers for the duration of one call; never kept.
 *
 * <p>Every guest access goes through {@link #copyFromGuest} and {@link #copyToGuest}, which check the address range
 * the way Xen's {@code access_ok} does, walk the caller's page tables, and report the bytes to the journal.
 */
public interface HypercallContext {
    /** The calling domain's id. */
    int callerDomid();

    /** The calling vCPU's id. */
    int callerVcpuId();

    /** Whether the caller is the control domain ({@code is_control_domain}). */
    boolean isCallerPrivileged();

    /** The virtual time of the call, in nanoseconds. */
    long now();

    /**
     * {@code copy_from_guest}: reads {@code len} bytes at the caller's virtual address {@code va}.
     *
     * @return 0, or {@code -EFAULT} if the range is not the guest's or not mapped readable
     */
    int copyFromGuest(long va, byte[] dst, int off, int len);

    /**
     * {@code copy_to_guest}: writes {@code len} bytes at the caller's virtual address {@code va}. Like Xen's, a
     * failing copy may have written the pages before the one that faulted.
     *
     * @return 0, or {@code -EFAULT} if the range is not the guest's or not mapped writable
     */
    int copyToGuest(long va, byte[] src, int off, int len);

    /** Adds {@code ns} of CPU time to the cost of this call (per-element work in a batch). */
    void charge(long ns);
}
