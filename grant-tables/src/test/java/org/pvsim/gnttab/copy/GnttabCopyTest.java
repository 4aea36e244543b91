package org.pvsim.gnttab.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pvsim.gnttab.abi.GntMap.GNTCOPY_dest_gref;
import static org.pvsim.gnttab.abi.GntMap.GNTCOPY_source_gref;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_copy_arg;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_domain;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_gntref;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_page;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_general_error;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_okay;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_permission_denied;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.copy.testing.CopyTestBed.frame;
import static org.pvsim.hypervisor.abi.DomId.DOMID_SELF;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.copy.testing.CopyTestBed;
import org.pvsim.gnttab.table.GrantPin;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.testing.FakeGuest;

/**
 * {@code GNTTABOP_copy} on fakes: every success path (by grant or by frame, v1 and v2, sub-page, transitive, batches)
 * and every status it can return, with the bytes, the pins, {@code GTF_reading} / {@code GTF_writing} and the page
 * references checked after each call.
 */
class GnttabCopyTest {
    static final int GRANTER = 1;
    static final int COPIER = 2;
    static final int MIDDLE = 3;

    CopyTestBed bed;

    @BeforeEach
    void setUp() {
        bed = CopyTestBed.withDomains(GRANTER, COPIER, MIDDLE);
        for (int d = GRANTER; d <= MIDDLE; d++) {
            for (int i = 0; i < CopyTestBed.FRAMES_PER_DOM; i++) {
                byte[] b = bed.mmu.bytes(frame(d, i));
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) (d * 37 + i * 11 + k);
                }
            }
        }
    }

    private void assertNothingHeld() {
        assertEquals(0, bed.mmu.totalReferences(), "page and type references left");
        for (int d = GRANTER; d <= MIDDLE; d++) {
            for (int ref = 0; ref < 64; ref++) {
                assertEquals(0, bed.pin(d, ref), "pin of d" + d + " ref " + ref);
                assertEquals(
                        0, bed.statusWord(d, ref) & (GTF_reading | GTF_writing), "status of d" + d + " ref " + ref);
            }
        }
    }

    private byte[] slice(long mfn, int off, int len) {
        return Arrays.copyOfRange(bed.mmu.bytes(mfn), off, off + len);
    }

    @Test
    void copyFromAReadOnlyGrantToOwnFrameMovesTheBytesAndReleasesEverything() {
        long src = frame(GRANTER, 3);
        long dst = frame(COPIER, 5);
        bed.permit(GRANTER, 10, COPIER, src, true);
        byte[] expected = slice(src, 100, 300);
        int st = bed.copy(COPIER, 10, GRANTER, 100, dst, DOMID_SELF, 200, 300, GNTCOPY_source_gref);
        assertEquals(GNTST_okay.code, st);
        assertArrayEquals(expected, slice(dst, 200, 300));
        assertEquals(GTF_permit_access | GTF_readonly, bed.flags(GRANTER, 10));
        assertNothingHeld();
    }

    @Test
    void flagsAreSetWhileTheCopyRunsAndClearedAfter() {
        bed.permit(GRANTER, 10, COPIER, frame(GRANTER, 0), true);
        bed.permit(GRANTER, 11, COPIER, frame(GRANTER, 1), false);
        int[] seen = new int[2];
        bed.mmu.onCopy = () -> {
            seen[0] = bed.statusWord(GRANTER, 10);
            seen[1] = bed.statusWord(GRANTER, 11);
        };
        int st = bed.copy(COPIER, 10, GRANTER, 0, 11, GRANTER, 0, 4096, GNTCOPY_source_gref | GNTCOPY_dest_gref);
        assertEquals(GNTST_okay.code, st);
        assertEquals(GTF_reading, seen[0] & (GTF_reading | GTF_writing));
        assertEquals(GTF_reading | GTF_writing, seen[1] & (GTF_reading | GTF_writing));
        assertArrayEquals(bed.mmu.bytes(frame(GRANTER, 0)), bed.mmu.bytes(frame(GRANTER, 1)));
        assertNothingHeld();
    }

    @Test
    void copyToAWritableGrantInVersion2UsesTheStatusFrame() {
        assertEquals(0, bed.setVersion(GRANTER, 2));
        long dst = frame(GRANTER, 4);
        bed.permit(GRANTER, 12, COPIER, dst, false);
        int[] seen = new int[2];
        bed.mmu.onCopy = () -> {
            seen[0] = bed.statusWord(GRANTER, 12);
            seen[1] = bed.flags(GRANTER, 12);
        };
        byte[] expected = slice(frame(COPIER, 1), 0, 4096);
        int st = bed.copy(COPIER, frame(COPIER, 1), DOMID_SELF, 0, 12, GRANTER, 0, 4096, GNTCOPY_dest_gref);
        assertEquals(GNTST_okay.code, st);
        assertEquals(GTF_reading | GTF_writing, seen[0]);
        assertEquals(GTF_permit_access, seen[1], "v2 keeps the status bits out of the entry's flags");
        assertArrayEquals(expected, slice(dst, 0, 4096));
        assertNothingHeld();
    }

    @Test
    void aReadOnlyGrantCannotBeTheDestination() {
        bed.permit(GRANTER, 10, COPIER, frame(GRANTER, 0), true);
        byte[] before = slice(frame(GRANTER, 0), 0, 4096);
        int st = bed.copy(COPIER, frame(COPIER, 0), DOMID_SELF, 0, 10, GRANTER, 0, 16, GNTCOPY_dest_gref);
        assertEquals(GNTST_general_error.code, st);
        assertArrayEquals(before, slice(frame(GRANTER, 0), 0, 4096));
        assertNothingHeld();
    }

    @Test
    void aGrantForAnotherDomainOrOfTheWrongTypeIsAGeneralError() {
        bed.permit(GRANTER, 10, MIDDLE, frame(GRANTER, 0), true);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        // an invalid (never written) entry
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 11, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertNothingHeld();
    }

    @Test
    void aReferenceBeyondTheTableIsBadGntref() {
        int nr = bed.table(GRANTER).nrGrantEntries();
        assertEquals(
                GNTST_bad_gntref.code,
                bed.copy(COPIER, nr, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertEquals(
                GNTST_bad_gntref.code,
                bed.copy(COPIER, 0xFFFF_FFFFL, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertNothingHeld();
    }

    @Test
    void anUnknownDomainIsBadDomain() {
        assertEquals(
                GNTST_bad_domain.code,
                bed.copy(COPIER, 10, 6, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertEquals(
                GNTST_bad_domain.code,
                bed.copy(COPIER, frame(COPIER, 0), DOMID_SELF, 0, 10, 6, 0, 8, GNTCOPY_dest_gref));
        assertNothingHeld();
    }

    @Test
    void aForeignDomainNamedByFrameIsPermissionDenied() {
        assertEquals(
                GNTST_permission_denied.code,
                bed.copy(COPIER, frame(GRANTER, 0), GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, 0));
        assertEquals(
                GNTST_permission_denied.code,
                bed.copy(COPIER, frame(COPIER, 0), DOMID_SELF, 0, frame(GRANTER, 0), GRANTER, 0, 8, 0));
        // even the caller's own id is not DOMID_SELF
        assertEquals(
                GNTST_permission_denied.code,
                bed.copy(COPIER, frame(COPIER, 0), COPIER, 0, frame(COPIER, 1), DOMID_SELF, 0, 8, 0));
        assertNothingHeld();
    }

    @Test
    void aFrameThatIsNotTheCallersIsBadPage() {
        assertEquals(
                GNTST_bad_page.code,
                bed.copy(COPIER, frame(GRANTER, 0), DOMID_SELF, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, 0));
        assertEquals(
                GNTST_bad_page.code, bed.copy(COPIER, frame(COPIER, 0), DOMID_SELF, 0, 1L << 40, DOMID_SELF, 0, 8, 0));
        // a grant naming a frame its granter does not own
        bed.permit(GRANTER, 10, COPIER, frame(MIDDLE, 0), true);
        assertEquals(
                GNTST_bad_page.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertNothingHeld();
    }

    @Test
    void aPageTableCannotBeTheDestination() {
        long pt = frame(COPIER, 7);
        bed.mmu.makePageTable(pt);
        byte[] before = slice(pt, 0, 4096);
        assertEquals(
                GNTST_general_error.code, bed.copy(COPIER, frame(COPIER, 0), DOMID_SELF, 0, pt, DOMID_SELF, 0, 8, 0));
        long gpt = frame(GRANTER, 7);
        bed.mmu.makePageTable(gpt);
        bed.permit(GRANTER, 10, COPIER, gpt, false);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, frame(COPIER, 0), DOMID_SELF, 0, 10, GRANTER, 0, 8, GNTCOPY_dest_gref));
        assertArrayEquals(before, slice(pt, 0, 4096));
        // but a page table can be the source
        assertEquals(GNTST_okay.code, bed.copy(COPIER, pt, DOMID_SELF, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, 0));
        assertEquals(1, bed.mmu.typeCount(pt), "only the page table's own type reference is left");
        assertEquals(0, bed.mmu.count(pt));
        assertEquals(0, bed.mmu.count(gpt));
        for (int ref = 0; ref < 64; ref++) {
            assertEquals(0, bed.pin(GRANTER, ref));
        }
        assertEquals(GTF_permit_access, bed.flags(GRANTER, 10));
    }

    @Test
    void beyondThePageIsBadCopyArg() {
        long a = frame(COPIER, 0);
        long b = frame(COPIER, 1);
        byte[] before = slice(b, 0, 4096);
        assertEquals(GNTST_bad_copy_arg.code, bed.copy(COPIER, a, DOMID_SELF, 1, b, DOMID_SELF, 0, 4096, 0));
        assertEquals(GNTST_bad_copy_arg.code, bed.copy(COPIER, a, DOMID_SELF, 0, b, DOMID_SELF, 4095, 2, 0));
        assertEquals(GNTST_bad_copy_arg.code, bed.copy(COPIER, a, DOMID_SELF, 65535, b, DOMID_SELF, 0, 1, 0));
        assertEquals(GNTST_bad_copy_arg.code, bed.copy(COPIER, a, DOMID_SELF, 0, b, DOMID_SELF, 0, 65535, 0));
        assertEquals(GNTST_okay.code, bed.copy(COPIER, a, DOMID_SELF, 4095, b, DOMID_SELF, 0, 1, 0));
        before[0] = bed.mmu.bytes(a)[4095];
        assertArrayEquals(before, slice(b, 0, 4096));
        assertNothingHeld();
    }

    @Test
    void aZeroLengthCopySucceedsWithoutLookingAtAnything() {
        assertEquals(GNTST_okay.code, bed.copy(COPIER, 999, 6, 65535, 1L << 50, 7, 65535, 0, 3));
        assertNothingHeld();
    }

    @Test
    void subPageGrantsLimitTheRange() {
        assertEquals(0, bed.setVersion(GRANTER, 2));
        long src = frame(GRANTER, 2);
        bed.subPage(GRANTER, 20, COPIER, src, 1000, 200, true);
        long dst = frame(COPIER, 2);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 20, GRANTER, 999, dst, DOMID_SELF, 0, 10, GNTCOPY_source_gref));
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 20, GRANTER, 1100, dst, DOMID_SELF, 0, 101, GNTCOPY_source_gref));
        byte[] expected = slice(src, 1000, 200);
        assertEquals(
                GNTST_okay.code, bed.copy(COPIER, 20, GRANTER, 1000, dst, DOMID_SELF, 5, 200, GNTCOPY_source_gref));
        assertArrayEquals(expected, slice(dst, 5, 200));
        // a writable sub-page grant as destination
        bed.subPage(GRANTER, 21, COPIER, frame(GRANTER, 3), 64, 64, false);
        assertEquals(
                GNTST_general_error.code, bed.copy(COPIER, dst, DOMID_SELF, 0, 21, GRANTER, 0, 64, GNTCOPY_dest_gref));
        assertEquals(GNTST_okay.code, bed.copy(COPIER, dst, DOMID_SELF, 0, 21, GRANTER, 64, 64, GNTCOPY_dest_gref));
        assertArrayEquals(slice(dst, 0, 64), slice(frame(GRANTER, 3), 64, 64));
        assertNothingHeld();
    }

    @Test
    void aTransitiveGrantCopiesFromItsSourceAndReleasesBothEntries() {
        assertEquals(0, bed.setVersion(GRANTER, 2));
        assertEquals(0, bed.setVersion(MIDDLE, 2));
        long src = frame(GRANTER, 9);
        bed.subPage(GRANTER, 30, MIDDLE, src, 512, 1024, true);
        bed.transitive(MIDDLE, 40, COPIER, GRANTER, 30, true);
        int[] seen = new int[2];
        bed.mmu.onCopy = () -> {
            seen[0] = bed.statusWord(GRANTER, 30);
            seen[1] = bed.statusWord(MIDDLE, 40);
        };
        long dst = frame(COPIER, 9);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 40, MIDDLE, 0, dst, DOMID_SELF, 0, 16, GNTCOPY_source_gref),
                "outside the source's sub-page range");
        byte[] expected = slice(src, 600, 900);
        assertEquals(GNTST_okay.code, bed.copy(COPIER, 40, MIDDLE, 600, dst, DOMID_SELF, 0, 900, GNTCOPY_source_gref));
        assertArrayEquals(expected, slice(dst, 0, 900));
        assertEquals(GTF_reading, seen[0]);
        assertEquals(GTF_reading, seen[1]);
        assertNothingHeld();
    }

    @Test
    void transitiveGrantsAreOneLevelDeepAndNotSelfReferential() {
        assertEquals(0, bed.setVersion(GRANTER, 2));
        assertEquals(0, bed.setVersion(MIDDLE, 2));
        long dst = frame(COPIER, 9);
        // two levels: COPIER -> MIDDLE 40 -> GRANTER 31 (transitive) -> MIDDLE ...
        bed.permit(MIDDLE, 41, GRANTER, frame(MIDDLE, 0), true);
        bed.transitive(GRANTER, 31, MIDDLE, MIDDLE, 41, true);
        bed.transitive(MIDDLE, 40, COPIER, GRANTER, 31, true);
        assertEquals(
                GNTST_general_error.code, bed.copy(COPIER, 40, MIDDLE, 0, dst, DOMID_SELF, 0, 16, GNTCOPY_source_gref));
        // self-referential
        bed.transitive(MIDDLE, 42, COPIER, MIDDLE, 41, true);
        assertEquals(
                GNTST_general_error.code, bed.copy(COPIER, 42, MIDDLE, 0, dst, DOMID_SELF, 0, 16, GNTCOPY_source_gref));
        // to an unknown domain
        bed.transitive(MIDDLE, 43, COPIER, 6, 41, true);
        assertEquals(
                GNTST_general_error.code, bed.copy(COPIER, 43, MIDDLE, 0, dst, DOMID_SELF, 0, 16, GNTCOPY_source_gref));
        // the source entry not granted to the middle domain: the inner result comes back
        bed.permit(GRANTER, 32, COPIER, frame(GRANTER, 0), true);
        bed.transitive(MIDDLE, 44, COPIER, GRANTER, 32, true);
        assertEquals(
                GNTST_general_error.code, bed.copy(COPIER, 44, MIDDLE, 0, dst, DOMID_SELF, 0, 16, GNTCOPY_source_gref));
        bed.transitive(MIDDLE, 45, COPIER, GRANTER, 100_000, true);
        assertEquals(
                GNTST_bad_gntref.code, bed.copy(COPIER, 45, MIDDLE, 0, dst, DOMID_SELF, 0, 16, GNTCOPY_source_gref));
        assertNothingHeld();
    }

    @Test
    void aTransitiveEntryChangedUnderAPinIsRestartedAsXensContinuationWould() {
        assertEquals(0, bed.setVersion(GRANTER, 2));
        assertEquals(0, bed.setVersion(MIDDLE, 2));
        long a = frame(GRANTER, 10);
        long b = frame(GRANTER, 11);
        bed.permit(GRANTER, 30, MIDDLE, a, false);
        bed.permit(GRANTER, 31, MIDDLE, b, false);
        bed.transitive(MIDDLE, 40, COPIER, GRANTER, 30, false);
        // MIDDLE also grants its own grant frame to COPIER: a copy can rewrite entry 40
        bed.permit(MIDDLE, 50, COPIER, bed.table(MIDDLE).sharedFrame(0), false);
        bed.mmu.bytes(a)[100] = 31;
        bed.mmu.bytes(a)[101] = 0;
        bed.mmu.bytes(a)[102] = 0;
        bed.mmu.bytes(a)[103] = 0;
        int trans = 40 * 16 + 8;
        int s = GNTCOPY_source_gref;
        int sd = GNTCOPY_source_gref | GNTCOPY_dest_gref;
        // e0 pins entry 40 (through GRANTER 30) as the source and keeps it for the next elements
        bed.copyElement(0, 40, MIDDLE, 0, frame(COPIER, 0), DOMID_SELF, 0, 200, s);
        // e1 copies from it into MIDDLE's grant frame: entry 40 now names GRANTER 31
        bed.copyElement(1, 40, MIDDLE, 100, 50, MIDDLE, trans, 4, sd);
        // e2 writes to entry 40 while the kept source pin says GRANTER 30: Xen answers ERESTART and continues
        bed.copyElement(2, 40, MIDDLE, 0, 40, MIDDLE, 2048, 16, sd);
        assertEquals(0, bed.copyBatch(COPIER, 3));
        assertEquals(GNTST_okay.code, bed.copyStatus(0));
        assertEquals(GNTST_okay.code, bed.copyStatus(1));
        assertEquals(GNTST_okay.code, bed.copyStatus(2));
        assertEquals(31, bed.core.entries().transGref(bed.table(MIDDLE), 40));
        assertArrayEquals(slice(b, 0, 16), slice(b, 2048, 16), "the restarted element copied within GRANTER 31");
        assertNothingHeld();
    }

    @Test
    void anEntryMappedFullPageAndThenRewrittenAsTransitiveRestartsForeverInXenAndFailsHere() {
        assertEquals(0, bed.setVersion(GRANTER, 2));
        assertEquals(0, bed.setVersion(MIDDLE, 2));
        long f = frame(MIDDLE, 0);
        bed.permit(GRANTER, 30, MIDDLE, frame(GRANTER, 0), true);
        // entry 40 is pinned as a full-page grant (as by a read-only map), then the granter rewrites it as transitive
        bed.permit(MIDDLE, 40, COPIER, f, true);
        bed.table(MIDDLE).active().fill(40, COPIER, f, 0, 4096, false, MIDDLE, 40);
        bed.table(MIDDLE).active().setPin(40, GrantPin.GNTPIN_hstr_inc);
        bed.transitive(MIDDLE, 40, COPIER, GRANTER, 30, true);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 40, MIDDLE, 0, frame(COPIER, 0), DOMID_SELF, 0, 16, GNTCOPY_source_gref));
        assertEquals(GrantPin.GNTPIN_hstr_inc, bed.pin(MIDDLE, 40));
        assertEquals(0, bed.pin(GRANTER, 30));
        assertEquals(0, bed.statusWord(GRANTER, 30));
        assertEquals(0, bed.mmu.totalReferences());
    }

    @Test
    void anEntryPinnedForAnotherDomainOrAboutToOverflowIsAGeneralError() {
        long f = frame(GRANTER, 0);
        bed.permit(GRANTER, 10, COPIER, f, false);
        bed.table(GRANTER).active().fill(10, MIDDLE, f, 0, 4096, false, GRANTER, 10);
        bed.table(GRANTER).active().setPin(10, GrantPin.GNTPIN_hstr_inc);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        bed.table(GRANTER).active().fill(10, COPIER, f, 0, 4096, false, GRANTER, 10);
        bed.table(GRANTER).active().setPin(10, 0x80 * GrantPin.GNTPIN_hstr_inc);
        assertEquals(
                GNTST_general_error.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertEquals(0x80 * GrantPin.GNTPIN_hstr_inc, bed.pin(GRANTER, 10), "a refused copy leaves the pin alone");
    }

    @Test
    void aPinnedEntryWhoseFrameChangedOwnerOrWhoseGranterIsDyingIsBadDomain() {
        long f = frame(GRANTER, 0);
        bed.permit(GRANTER, 10, COPIER, f, true);
        // pinned (as by a read-only map) with a frame the granter no longer owns
        bed.table(GRANTER).active().fill(10, COPIER, frame(MIDDLE, 0), 0, 4096, false, GRANTER, 10);
        bed.table(GRANTER).active().setPin(10, GrantPin.GNTPIN_hstr_inc);
        assertEquals(
                GNTST_bad_domain.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        bed.table(GRANTER).active().fill(10, COPIER, f, 0, 4096, false, GRANTER, 10);
        bed.host.domains.get(GRANTER).alive = false;
        assertEquals(
                GNTST_bad_domain.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        bed.host.domains.get(GRANTER).alive = true;
        byte[] expected = slice(f, 0, 8);
        assertEquals(
                GNTST_okay.code,
                bed.copy(COPIER, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 8, GNTCOPY_source_gref));
        assertArrayEquals(expected, slice(frame(COPIER, 0), 0, 8));
        assertEquals(GrantPin.GNTPIN_hstr_inc, bed.pin(GRANTER, 10), "the map's pin is still there");
        assertEquals(0, bed.mmu.totalReferences());
    }

    @Test
    void aBatchGivesOneStatusPerElementAndReusesTheSameGrant() {
        long src = frame(GRANTER, 1);
        bed.permit(GRANTER, 10, COPIER, src, true);
        int f = GNTCOPY_source_gref;
        bed.copyElement(0, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 100, f);
        bed.copyElement(1, 10, GRANTER, 100, frame(COPIER, 0), DOMID_SELF, 100, 100, f);
        bed.copyElement(2, 10, GRANTER, 4000, frame(COPIER, 0), DOMID_SELF, 0, 100, f);
        bed.copyElement(3, 10, GRANTER, 200, frame(COPIER, 1), DOMID_SELF, 0, 100, f);
        bed.copyElement(4, 11, GRANTER, 0, frame(COPIER, 1), DOMID_SELF, 0, 100, f);
        assertEquals(0, bed.copyBatch(COPIER, 5));
        assertEquals(GNTST_okay.code, bed.copyStatus(0));
        assertEquals(GNTST_okay.code, bed.copyStatus(1));
        assertEquals(GNTST_bad_copy_arg.code, bed.copyStatus(2));
        assertEquals(GNTST_okay.code, bed.copyStatus(3));
        assertEquals(GNTST_general_error.code, bed.copyStatus(4));
        assertArrayEquals(slice(src, 0, 200), slice(frame(COPIER, 0), 0, 200));
        assertArrayEquals(slice(src, 200, 100), slice(frame(COPIER, 1), 0, 100));
        assertNothingHeld();
        long copies = bed.host.journal.gnttabEntries.stream()
                .filter(r -> r.op() == GnttabOp.GNTTABOP_copy.code)
                .count();
        assertEquals(5, copies, "one journal record per element");
        var rec = bed.host.journal.gnttabEntries.get(bed.host.journal.gnttabEntries.size() - 1);
        assertEquals(GRANTER, rec.remoteDomid());
        assertEquals(11, rec.ref());
        assertEquals(GNTST_general_error.code, rec.status());
        assertEquals(100, rec.arg());
    }

    @Test
    void faultsOnTheArrayAreEfaultAndKeepNothing() {
        bed.permit(GRANTER, 10, COPIER, frame(GRANTER, 1), true);
        bed.copyElement(0, 10, GRANTER, 0, frame(COPIER, 0), DOMID_SELF, 0, 100, GNTCOPY_source_gref);
        long rc = bed.call(COPIER, GnttabOp.GNTTABOP_copy.code, FakeGuest.BASE + CopyTestBed.ARG_BYTES - 20, 1);
        assertEquals(Errno.EFAULT.neg(), rc);
        bed.guest.readOnlyFrom = FakeGuest.BASE;
        assertEquals(Errno.EFAULT.neg(), bed.copyBatch(COPIER, 1));
        assertNothingHeld();
        assertTrue(bed.host.journal.gnttabEntries.stream().anyMatch(r -> r.status() == Errno.EFAULT.neg()));
    }

    @Test
    void everyStatusIsAKnownCode() {
        for (int code = 0; code >= -13; code--) {
            assertEquals(code, GnttabStatus.ofCode(code).code);
        }
    }
}
