package org.pvsim.hypervisor.device;

import java.util.HashMap;
import java.util.Map;

/**
 * A disk's medium: sparse 4 KiB chunks that read as zeros until written. Chunks are looked up by number and never
 * iterated, so the order of the map does not matter.
 */
final class SparseMedium {
    private static final int CHUNK = 4096;
    private final Map<Long, byte[]> chunks = new HashMap<>();

    /** Copies {@code len} bytes at byte {@code pos} of the medium into {@code dst[off..]}. */
    void read(long pos, byte[] dst, int off, int len) {
        while (len > 0) {
            long chunk = pos / CHUNK;
            int at = (int) (pos % CHUNK);
            int n = Math.min(len, CHUNK - at);
            byte[] c = chunks.get(chunk);
            if (c == null) {
                java.util.Arrays.fill(dst, off, off + n, (byte) 0);
            } else {
                System.arraycopy(c, at, dst, off, n);
            }
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Copies {@code len} bytes from {@code src[off..]} to byte {@code pos} of the medium. */
    void write(long pos, byte[] src, int off, int len) {
        while (len > 0) {
            long chunk = pos / CHUNK;
            int at = (int) (pos % CHUNK);
            int n = Math.min(len, CHUNK - at);
            byte[] c = chunks.computeIfAbsent(chunk, k -> new byte[CHUNK]);
            System.arraycopy(src, off, c, at, n);
            pos += n;
            off += n;
            len -= n;
        }
    }
}
