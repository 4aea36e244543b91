package org.pvsim.gnttab.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pvsim.gnttab.abi.GntMap.GNTCOPY_dest_gref;
import static org.pvsim.gnttab.abi.GntMap.GNTCOPY_source_gref;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.copy.testing.CopyTestBed.frame;
import static org.pvsim.hypervisor.abi.DomId.DOMID_SELF;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.copy.testing.CopyTestBed;
import org.pvsim.hypervisor.testing.Seeds;

/**
 * I10 by random trial: copies with random offsets and lengths (including 0, 4095, 4096, 65535 and other "negative"
 * uint16 values, and sums crossing 4096), from and to own frames, full-page grants, sub-page grants with random
 * {@code page_off}/{@code length} (some beyond the page) and transitive grants, in batches. Only in-bounds copies
 * succeed, exactly the granted bytes move (checked against a shadow copy of every frame), and every pin, status
 * flag and page reference is back to its value after each call. Seeded: {@code -Dpvsim.seed=} replays a failure.
 */
class GnttabCopyRandomTest {
    static final int GRANTER = 1;
    static final int COPIER = 2;
    static final int MIDDLE = 3;
    static final int ROUNDS = 1500;

    /** One side of an element: what it names and the range it may touch. */
    private record Side(long u, int domid, boolean gref, long mfn, int start, int len, boolean writableOk) {}

    /** Seeds run by default; {@code -Dpvsim.seed=} replaces them. */
    static final long[] DEFAULT_SEEDS = {1, 2, 3, 42, 0xC0FFEE};

    @TestFactory
    Stream<DynamicTest> onlyInBoundsCopiesSucceedAndTheDataIsRight() {
        return Seeds.tests(DEFAULT_SEEDS, ROUNDS, (seed, rounds) -> {
            try {
                run(seed, rounds);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "GnttabCopyRandomTest failed with -Dpvsim.seed=" + seed + ": " + e.getMessage(), e);
            }
        });
    }

    private static int pickU16(SplittableRandom r) {
        switch (r.nextInt(10)) {
            case 0:
                return 0;
            case 1:
                return 4095;
            case 2:
                return 4096;
            case 3:
                return 65535;
            case 4:
                return 65536 - 1 - r.nextInt(64);
            case 5:
                return 4096 - r.nextInt(64);
            case 6:
                return r.nextInt(65536);
            default:
                return r.nextInt(4097);
        }
    }

    private void run(long seed, int rounds) {
        SplittableRandom r = new SplittableRandom(seed);
        CopyTestBed bed = CopyTestBed.withDomains(GRANTER, COPIER, MIDDLE);
        boolean v2 = r.nextBoolean();
        if (v2) {
            assertEquals(0, bed.setVersion(GRANTER, 2));
        }
        assertEquals(0, bed.setVersion(MIDDLE, 2));
        byte[][] shadow = new byte[CopyTestBed.NR_FRAMES][];
        for (int d = GRANTER; d <= MIDDLE; d++) {
            for (int i = 0; i < CopyTestBed.FRAMES_PER_DOM; i++) {
                byte[] b = bed.mmu.bytes(frame(d, i));
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) r.nextInt(256);
                }
                shadow[(int) frame(d, i)] = b.clone();
            }
        }
        Side[] srcs = new Side[4];
        Side[] dsts = new Side[4];
        int[] expected = new int[4];
        for (int round = 0; round < rounds; round++) {
            int n = 1 + r.nextInt(4);
            int nextRef = 8;
            for (int e = 0; e < n; e++) {
                // sources are granter frames 0-7 or copier frames 0-7; destinations are frames 8-15: never the same
                srcs[e] = side(bed, r, v2, true, nextRef++, nextRef++);
                dsts[e] = side(bed, r, v2, false, 100 + nextRef++, 100 + nextRef++);
                int so = pickU16(r);
                int dof = pickU16(r);
                int len = pickU16(r);
                if (r.nextInt(3) == 0) {
                    // at the edges of the granted ranges: one byte in, exact, one byte out
                    so = (srcs[e].start + r.nextInt(3) - 1) & 0xFFFF;
                    len = (srcs[e].start + srcs[e].len - so + r.nextInt(3) - 1) & 0xFFFF;
                    dof = (dsts[e].start + dsts[e].len - len + r.nextInt(3) - 1) & 0xFFFF;
                }
                int flags = (srcs[e].gref ? GNTCOPY_source_gref : 0) | (dsts[e].gref ? GNTCOPY_dest_gref : 0);
                bed.copyElement(e, srcs[e].u, srcs[e].domid, so, dsts[e].u, dsts[e].domid, dof, len, flags);
                expected[e] = oracle(srcs[e], dsts[e], so, dof, len);
                if (expected[e] == 0 && len > 0) {
                    System.arraycopy(shadow[(int) srcs[e].mfn], so, shadow[(int) dsts[e].mfn], dof, len);
                }
            }
            assertEquals(0, bed.copyBatch(COPIER, n), "round " + round);
            for (int e = 0; e < n; e++) {
                assertEquals(
                        GnttabStatus.nameOf(expected[e]),
                        GnttabStatus.nameOf(bed.copyStatus(e)),
                        "round " + round + " element " + e + " " + srcs[e] + " -> " + dsts[e]);
            }
            for (int d = GRANTER; d <= MIDDLE; d++) {
                for (int i = 0; i < CopyTestBed.FRAMES_PER_DOM; i++) {
                    long f = frame(d, i);
                    assertArrayEquals(shadow[(int) f], bed.mmu.bytes(f), "round " + round + " frame " + f);
                }
                for (int ref = 0; ref < 256; ref++) {
                    assertEquals(0, bed.pin(d, ref), "round " + round + " pin d" + d + " ref " + ref);
                    assertEquals(0, bed.statusWord(d, ref) & (GTF_reading | GTF_writing), "round " + round);
                }
            }
            assertEquals(0, bed.mmu.totalReferences(), "round " + round + ": references left");
        }
    }

    /** Makes one side: an own frame, a full-page grant, a sub-page grant (v2) or a transitive grant. */
    private Side side(CopyTestBed bed, SplittableRandom r, boolean v2, boolean source, int ref, int ref2) {
        int frameIdx = (source ? 0 : 8) + r.nextInt(8);
        boolean readonly = source ? r.nextBoolean() : r.nextInt(10) == 0;
        int kind = r.nextInt(v2 ? 4 : 2);
        switch (kind) {
            case 0: {
                long f = frame(COPIER, frameIdx);
                return new Side(f, DOMID_SELF, false, f, 0, 4096, true);
            }
            case 1: {
                long f = frame(GRANTER, frameIdx);
                bed.permit(GRANTER, ref, COPIER, f, readonly);
                return new Side(ref, GRANTER, true, f, 0, 4096, !readonly);
            }
            case 2: {
                long f = frame(GRANTER, frameIdx);
                int off = r.nextInt(8) == 0 ? pickU16(r) : r.nextInt(4097);
                int len = r.nextInt(8) == 0 ? pickU16(r) : r.nextInt(4097 - Math.min(off, 4096));
                bed.subPage(GRANTER, ref, COPIER, f, off, len, readonly);
                return new Side(ref, GRANTER, true, f, off, len, !readonly);
            }
            default: {
                long f = frame(GRANTER, frameIdx);
                boolean sub = r.nextBoolean();
                int off = sub ? r.nextInt(4097) : 0;
                int len = sub ? r.nextInt(4097 - off) : 4096;
                if (sub) {
                    bed.subPage(GRANTER, ref2, MIDDLE, f, off, len, readonly);
                } else {
                    bed.permit(GRANTER, ref2, MIDDLE, f, readonly);
                }
                bed.transitive(MIDDLE, ref, COPIER, GRANTER, ref2, false);
                return new Side(ref, MIDDLE, true, f, off, len, !readonly);
            }
        }
    }

    /** Xen's result for one element whose sides are as made by {@link #side}. */
    private static int oracle(Side src, Side dst, int so, int dof, int len) {
        if (len == 0) {
            return GnttabStatus.GNTST_okay.code;
        }
        if (!dst.writableOk) {
            return GnttabStatus.GNTST_general_error.code;
        }
        if (so + len > 4096 || dof + len > 4096) {
            return GnttabStatus.GNTST_bad_copy_arg.code;
        }
        if (so < src.start || so + len > src.start + src.len) {
            return GnttabStatus.GNTST_general_error.code;
        }
        if (dof < dst.start || dof + len > dst.start + dst.len) {
            return GnttabStatus.GNTST_general_error.code;
        }
        return GnttabStatus.GNTST_okay.code;
    }
}
