package org.pvsim.dom0.backend;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * What a block backend serves a virtual disk from: a disk image of {@link #sectors()} 512-byte sectors. Requests move
 * data between the image and dom0's own pages; the store calls the completion exactly once per request it took,
 * either before {@link #submit} returns or from a later event in dom0.
 */
public interface BlockStore {
    /**
     * Called by the backend, on its CPU, each time a device opens the store, before it asks anything else: a store
     * backed by a device starts it here. Nothing by default.
     */
    default void open(GuestCpu cpu) {}

    /** The image's size in 512-byte sectors. */
    long sectors();

    /** Whether writes are refused. */
    boolean readOnly();

    /**
     * Starts {@code op} ({@code BLKIF_OP_READ}, {@code BLKIF_OP_WRITE} or {@code BLKIF_OP_FLUSH_DISKCACHE}) of {@code
     * sectorCount} sectors from {@code sector}, on dom0's pages {@code bufferPfns[0..nPages)}: request sector {@code k}
     * is at page {@code k / 8}, offset {@code (k % 8) * 512}. The caller checked the range and the mode.
     *
     * @return true if the store took the request (and will call {@code done} once); false if it cannot take it now
     */
    boolean submit(
            GuestCpu cpu,
            int op,
            long sector,
            int sectorCount,
            long[] bufferPfns,
            int nPages,
            long tag,
            BlockCompletion done);

    /**
     * Makes the medium fail the next {@code n} requests (the {@code disk-error} fault), if the store models a medium
     * that can: the machine's disk does, in the device. The default, for images in memory, is that it cannot.
     *
     * @return whether the store took the injection (if not, the backend fails the requests itself)
     */
    default boolean injectErrors(GuestCpu cpu, int n) {
        return false;
    }
}
