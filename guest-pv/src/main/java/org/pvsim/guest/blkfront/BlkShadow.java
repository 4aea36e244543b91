package org.pvsim.guest.blkfront;

import org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor;

/**
 * blkfront's private copy of one request in flight, Linux's {@code struct blk_shadow}: what it needs to complete the
 * request, and to put it on a new ring if the backend goes away before answering ({@code blkif_recover}). Slot
 * {@code i} of the shadow table is request id {@code i}. Preallocated: reusing a shadow allocates nothing.
 */
final class BlkShadow {
    boolean inUse;
    int op;
    long sector;
    int sectors;
    int segments;
    final long[] pfns = new long[BlkifRequestDescriptor.BLKIF_MAX_SEGMENTS_PER_REQUEST];
    final int[] grefs = new int[BlkifRequestDescriptor.BLKIF_MAX_SEGMENTS_PER_REQUEST];
    BlkifCompletion done;
    long cookie;
}
