package org.pvsim.guest.workload;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * The page contents of the {@code share} workload: a pattern both sides compute from the seed alone (so the mapper
 * knows what the granter wrote, and the granter what the mapper writes back, without telling each other), and the
 * checksum they compare. Word {@code j} of page {@code i} of side {@code side} is SplitMix64's output for the seed,
 * side, page and word: different on every page and on each side.
 */
final class SharePattern {
    /** The granter's pattern. */
    static final int GRANTER = 1;
    /** The mapper's pattern, written back into the writable pages. */
    static final int MAPPER = 2;

    private SharePattern() {}

    /** Fills {@code page} (4096 bytes) with side {@code side}'s pattern for page {@code i}. */
    static void fill(byte[] page, long seed, int side, int i) {
        long base = mix(seed ^ ((long) side << 56) ^ ((long) i << 32));
        for (int j = 0; j < PAGE_SIZE / 8; j++) {
            LittleEndian.putI64(page, 8 * j, mix(base + j));
        }
    }

    /** A 64-bit FNV-1a checksum of {@code page}, word by word. */
    static long checksum(byte[] page) {
        long h = 0xCBF2_9CE4_8422_2325L;
        for (int j = 0; j < PAGE_SIZE / 8; j++) {
            h ^= LittleEndian.getI64(page, 8 * j);
            h *= 0x0000_0100_0000_01B3L;
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
