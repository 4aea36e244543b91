package org.pvsim.dom0.backend;

import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.BlkifOp;
import org.pvsim.hypervisor.abi.io.BlkifResponseDescriptor;

/**
 * A disk image in dom0's memory, sparse in 4 KiB chunks (a chunk never written reads as zeros), served at once: a
 * request completes before {@link #submit} returns. The data moves by dom0's CPU between the chunks and dom0's pages
 * ({@code memcpy}), charged at {@link #NS_PER_KIB} per KiB. Optionally starts with the bytes of a file
 * ({@link #withContents}).
 *
 * <p>Invariant: the image is exactly {@link #sectors()} sectors; bytes outside what was written are zero.
 */
public final class MemoryImageStore implements BlockStore {
    /** The largest image: 16 GiB (the chunk table is an array). */
    public static final long MAX_BYTES = 16L << 30;
    /** dom0's CPU time per KiB moved: 100 ns (about 10 GB/s). */
    public static final long NS_PER_KIB = 100;

    private static final int CHUNK = 4096;

    private final Kernel kernel;
    private final long sectors;
    private final boolean readOnly;
    private final byte[][] chunks;

    /**
     * An empty (zero) image of {@code bytes} bytes, a multiple of 512, in {@code kernel}'s dom0.
     *
     * @throws IllegalArgumentException for a size that is not a positive multiple of 512 up to {@link #MAX_BYTES}
     */
    public MemoryImageStore(Kernel kernel, long bytes, boolean readOnly) {
        if (bytes <= 0 || bytes % 512 != 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "an image is a positive multiple of 512 bytes up to 16 GiB, not " + bytes + " bytes");
        }
        this.kernel = kernel;
        this.sectors = bytes / 512;
        this.readOnly = readOnly;
        this.chunks = new byte[(int) ((bytes + CHUNK - 1) / CHUNK)][];
    }

    /** This image with {@code data} at its start (the rest zero); returns {@code this}. */
    public MemoryImageStore withContents(byte[] data) {
        for (int off = 0; off < data.length; off += CHUNK) {
            int n = Math.min(CHUNK, data.length - off);
            byte[] c = new byte[CHUNK];
            System.arraycopy(data, off, c, 0, n);
            chunks[off / CHUNK] = c;
        }
        return this;
    }

    @Override
    public long sectors() {
        return sectors;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public boolean submit(
            GuestCpu cpu,
            int op,
            long sector,
            int sectorCount,
            long[] bufferPfns,
            int nPages,
            long tag,
            BlockCompletion done) {
        if (op == BlkifOp.BLKIF_OP_FLUSH_DISKCACHE) {
            done.done(cpu, tag, BlkifResponseDescriptor.BLKIF_RSP_OKAY);
            return true;
        }
        boolean write = op == BlkifOp.BLKIF_OP_WRITE;
        if (write && readOnly
                || sector < 0
                || sectorCount <= 0
                || sector + sectorCount > sectors
                || (sectorCount + 7) / 8 > nPages) {
            done.done(cpu, tag, BlkifResponseDescriptor.BLKIF_RSP_ERROR);
            return true;
        }
        for (int k = 0; k < sectorCount; k++) {
            long s = sector + k;
            int chunk = (int) (s / 8);
            int chunkOff = (int) (s % 8) * 512;
            long va = kernel.va(bufferPfns[k / 8]) + (k % 8) * 512L;
            if (write) {
                byte[] c = chunks[chunk];
                if (c == null) {
                    c = chunks[chunk] = new byte[CHUNK];
                }
                cpu.read(va, c, chunkOff, 512);
            } else {
                byte[] c = chunks[chunk];
                cpu.write(va, c == null ? ZERO_SECTOR : c, c == null ? 0 : chunkOff, 512);
            }
        }
        cpu.compute(sectorCount / 2 * NS_PER_KIB);
        done.done(cpu, tag, BlkifResponseDescriptor.BLKIF_RSP_OKAY);
        return true;
    }

    private static final byte[] ZERO_SECTOR = new byte[512];

    /** Bytes of the image at {@code offset} (for tests and tools); zeros where nothing was written. */
    public byte[] read(long offset, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            long b = offset + i;
            byte[] c = chunks[(int) (b / CHUNK)];
            out[i] = c == null ? 0 : c[(int) (b % CHUNK)];
        }
        return out;
    }
}
