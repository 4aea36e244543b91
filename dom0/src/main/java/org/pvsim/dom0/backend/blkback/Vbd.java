package org.pvsim.dom0.backend.blkback;

import org.pvsim.dom0.backend.BackendDevice;
import org.pvsim.dom0.backend.BlockCompletion;
import org.pvsim.dom0.backend.BlockStore;
import org.pvsim.dom0.backend.RingMapping;
import org.pvsim.guest.gnttab.GrantCopyOp;
import org.pvsim.guest.io.BackRing;
import org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor;

/**
 * One virtual disk blkback serves, Linux's {@code struct xen_blkif} with its ring: the store, the mapped ring, the
 * event channel, and per request slot a set of dom0 bounce pages the data passes through. Preallocated when the ring
 * connects; nothing is allocated per request.
 */
final class Vbd {
    static final int SLOTS = Blkback.BLKIF.size();
    static final int PAGES = BlkifRequestDescriptor.BLKIF_MAX_SEGMENTS_PER_REQUEST;

    final BackendDevice dev;
    final BlockStore store;
    /** Writes are refused: the device's {@code mode} is {@code r}, or the store is read-only. */
    boolean readOnly;

    final BackRing ring = new BackRing(Blkback.BLKIF);
    final byte[] req = new byte[BlkifRequestDescriptor.SIZE];
    final RingMapping ringMap = new RingMapping();
    final GrantCopyOp[] copies = new GrantCopyOp[2 * PAGES];
    /** Bounce pages: slot s uses bounce[s][0..11). */
    final long[][] bounce = new long[SLOTS][PAGES];
    /** Per slot: the request it carries (id, op, sectors, segments) while the store works on it. */
    final long[] slotId = new long[SLOTS];

    final int[] slotOp = new int[SLOTS];
    final int[] slotSectors = new int[SLOTS];
    final int[] slotNseg = new int[SLOTS];
    final int[][] slotSeg = new int[SLOTS][3 * PAGES]; // gref, first, last per segment
    final boolean[] slotBusy = new boolean[SLOTS];
    boolean connected;
    boolean alive = true;
    int generation;
    int localPort = -1;
    boolean bouncesAllocated;
    long oo;
    long rdReqs;
    long wrReqs;
    long rdSect;
    long wrSect;
    long errors;
    /** Requests still to fail as if the disk returned an error ({@code disk-error} fault). */
    int failNext;

    BlockCompletion completion;

    Vbd(BackendDevice dev, BlockStore store) {
        this.dev = dev;
        this.store = store;
        for (int i = 0; i < copies.length; i++) {
            copies[i] = new GrantCopyOp();
        }
    }

    /** A free bounce slot, or -1. */
    int freeSlot() {
        for (int s = 0; s < SLOTS; s++) {
            if (!slotBusy[s]) {
                return s;
            }
        }
        return -1;
    }

    VbdStats stats() {
        return new VbdStats(oo, rdReqs, wrReqs, rdSect, wrSect);
    }
}
