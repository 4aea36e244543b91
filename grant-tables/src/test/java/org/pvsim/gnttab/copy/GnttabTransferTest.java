package org.pvsim.gnttab.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_address_too_big;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_domain;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_page;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_general_error;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_okay;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_accept_transfer;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transfer_committed;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transfer_completed;
import static org.pvsim.gnttab.copy.testing.CopyTestBed.frame;
import static org.pvsim.hypervisor.abi.DomId.DOMID_SELF;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.copy.testing.CopyTestBed;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.testing.FakeGuest;

/**
 * {@code GNTTABOP_transfer} on fakes: the page moves to the receiver and its entry is completed as Xen does in v1 and
 * v2; every failure gives its status, and after the steal the page is gone from the caller whatever happens (freed),
 * unless the status is {@code GNTST_bad_page}.
 */
class GnttabTransferTest {
    static final int SENDER = 1;
    static final int RECEIVER = 2;

    CopyTestBed bed;

    @BeforeEach
    void setUp() {
        bed = CopyTestBed.withDomains(SENDER, RECEIVER);
    }

    private void assertGivenTo(long mfn, int domid) {
        assertEquals(domid, bed.mmu.owner(mfn));
        assertFalse(bed.mmu.isInFlight(mfn));
    }

    private void assertFreed(long mfn, int freedBefore) {
        assertEquals(GrantMmu.NO_OWNER, bed.mmu.owner(mfn));
        assertFalse(bed.mmu.isInFlight(mfn));
        assertEquals(freedBefore + 1, bed.mmu.freed);
    }

    @Test
    void aVersion1TransferMovesThePageAndCompletesTheEntry() {
        long mfn = frame(SENDER, 4);
        bed.mmu.bytes(mfn)[7] = 42;
        bed.acceptTransfer(RECEIVER, 12, SENDER, 0x55);
        int sendTot = bed.mmu.totPages[SENDER];
        int recvTot = bed.mmu.totPages[RECEIVER];
        assertEquals(GNTST_okay.code, bed.transfer(SENDER, mfn, RECEIVER, 12));
        assertGivenTo(mfn, RECEIVER);
        assertEquals(sendTot - 1, bed.mmu.totPages[SENDER]);
        assertEquals(recvTot + 1, bed.mmu.totPages[RECEIVER]);
        assertEquals(GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed, bed.flags(RECEIVER, 12));
        assertEquals(mfn, bed.entryFrame(RECEIVER, 12));
        assertEquals(0x55, bed.mmu.m2p(mfn));
        assertEquals(42, bed.mmu.bytes(mfn)[7], "the contents travel with the page");
        var rec = bed.host.journal.gnttabEntries.get(bed.host.journal.gnttabEntries.size() - 1);
        assertEquals(GnttabOp.GNTTABOP_transfer.code, rec.op());
        assertEquals(RECEIVER, rec.remoteDomid());
        assertEquals(12, rec.ref());
        assertEquals(mfn, rec.arg());
    }

    @Test
    void aVersion2TransferWritesFullPageFrameAndAcceptsAFrameAbove4GiB() {
        assertEquals(0, bed.setVersion(RECEIVER, 2));
        long high = (1L << 32) + 5;
        bed.mmu.highAlias = high;
        bed.mmu.highAliasOf = (int) frame(SENDER, 5);
        bed.acceptTransfer(RECEIVER, 9, SENDER, 0x1_0000_0077L);
        assertEquals(GNTST_okay.code, bed.transfer(SENDER, high, RECEIVER, 9));
        assertGivenTo(high, RECEIVER);
        assertEquals(high, bed.entryFrame(RECEIVER, 9));
        assertEquals(0x1_0000_0077L, bed.mmu.m2p(high));
        assertEquals(GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed, bed.flags(RECEIVER, 9));
    }

    @Test
    void aVersion1ReceiverCannotTakeAFrameAbove4GiB() {
        long high = (1L << 32) + 5;
        bed.mmu.highAlias = high;
        bed.mmu.highAliasOf = (int) frame(SENDER, 5);
        bed.acceptTransfer(RECEIVER, 9, SENDER, 0x77);
        int freed = bed.mmu.freed;
        assertEquals(GNTST_address_too_big.code, bed.transfer(SENDER, high, RECEIVER, 9));
        assertFreed(high, freed);
        assertEquals(GTF_accept_transfer, bed.flags(RECEIVER, 9), "the entry is untouched");
    }

    @Test
    void aFrameThatIsNotTheCallersOrNotRamIsBadPageAndStaysWhereItWas() {
        bed.acceptTransfer(RECEIVER, 12, SENDER, 0x55);
        assertEquals(GNTST_bad_page.code, bed.transfer(SENDER, frame(RECEIVER, 0), RECEIVER, 12));
        assertGivenTo(frame(RECEIVER, 0), RECEIVER);
        assertEquals(GNTST_bad_page.code, bed.transfer(SENDER, 1L << 40, RECEIVER, 12));
        assertEquals(GNTST_bad_page.code, bed.transfer(SENDER, -1L, RECEIVER, 12));
        // a page the caller still references (mapped, pinned...) cannot be stolen
        long busy = frame(SENDER, 3);
        assertTrue(bed.mmu.getPage(busy, SENDER));
        assertEquals(GNTST_bad_page.code, bed.transfer(SENDER, busy, RECEIVER, 12));
        assertGivenTo(busy, SENDER);
        bed.mmu.putPage(busy);
        assertEquals(0, bed.mmu.freed);
        assertEquals(GTF_accept_transfer, bed.flags(RECEIVER, 12));
    }

    @Test
    void anotherStealErrorIsGeneralErrorAndTheCallerKeepsThePage() {
        bed.acceptTransfer(RECEIVER, 12, SENDER, 0x55);
        bed.mmu.forcedStealError = Errno.EOPNOTSUPP.neg();
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, frame(SENDER, 2), RECEIVER, 12));
        assertGivenTo(frame(SENDER, 2), SENDER);
    }

    @Test
    void anUnknownReceiverIsBadDomainAndThePageIsFreed() {
        long mfn = frame(SENDER, 2);
        int freed = bed.mmu.freed;
        assertEquals(GNTST_bad_domain.code, bed.transfer(SENDER, mfn, 6, 12));
        assertFreed(mfn, freed);
        assertEquals(GNTST_bad_domain.code, bed.transfer(SENDER, frame(SENDER, 3), DOMID_SELF, 12));
    }

    @Test
    void aReceiverAtMaxPagesGetsNothingAndThePageIsFreed() {
        bed.acceptTransfer(RECEIVER, 12, SENDER, 0x55);
        bed.mmu.maxPages[RECEIVER] = bed.mmu.totPages[RECEIVER];
        long mfn = frame(SENDER, 2);
        int freed = bed.mmu.freed;
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, mfn, RECEIVER, 12));
        assertFreed(mfn, freed);
        assertEquals(GTF_accept_transfer, bed.flags(RECEIVER, 12), "not even committed");
        assertEquals(bed.mmu.maxPages[RECEIVER], bed.mmu.totPages[RECEIVER]);
    }

    @Test
    void aDyingReceiverGetsNothingAndThePageIsFreed() {
        bed.acceptTransfer(RECEIVER, 12, SENDER, 0x55);
        bed.mmu.dying[RECEIVER] = true;
        bed.host.domains.get(RECEIVER).alive = false;
        long mfn = frame(SENDER, 2);
        int freed = bed.mmu.freed;
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, mfn, RECEIVER, 12));
        assertFreed(mfn, freed);
        assertEquals(GTF_accept_transfer, bed.flags(RECEIVER, 12));
    }

    @Test
    void anEntryThatDoesNotAcceptThisTransferIsGeneralErrorAndThePageIsFreed() {
        int recvTot = bed.mmu.totPages[RECEIVER];
        // beyond the table
        int freed = bed.mmu.freed;
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, frame(SENDER, 1), RECEIVER, 100_000));
        assertFreed(frame(SENDER, 1), freed);
        // accepting from another domain
        bed.acceptTransfer(RECEIVER, 13, 3, 0x55);
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, frame(SENDER, 2), RECEIVER, 13));
        assertEquals(GTF_accept_transfer, bed.flags(RECEIVER, 13));
        // a permit-access entry
        bed.permit(RECEIVER, 14, SENDER, frame(RECEIVER, 0), false);
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, frame(SENDER, 3), RECEIVER, 14));
        assertEquals(GTF_permit_access, bed.flags(RECEIVER, 14));
        // already used: committed (and completed)
        bed.acceptTransfer(RECEIVER, 15, SENDER, 0x55);
        assertEquals(GNTST_okay.code, bed.transfer(SENDER, frame(SENDER, 4), RECEIVER, 15));
        assertEquals(GNTST_general_error.code, bed.transfer(SENDER, frame(SENDER, 5), RECEIVER, 15));
        assertEquals(frame(SENDER, 4), bed.entryFrame(RECEIVER, 15));
        assertEquals(freed + 4, bed.mmu.freed);
        assertEquals(recvTot + 1, bed.mmu.totPages[RECEIVER], "only the good transfer counts");
        for (long f : new long[] {frame(SENDER, 1), frame(SENDER, 2), frame(SENDER, 3), frame(SENDER, 5)}) {
            assertEquals(GrantMmu.NO_OWNER, bed.mmu.owner(f), "frame " + f + " left the sender");
        }
    }

    @Test
    void aBatchGivesOneStatusPerElementAndFaultsAreEfault() {
        bed.acceptTransfer(RECEIVER, 12, SENDER, 0x55);
        bed.acceptTransfer(RECEIVER, 13, SENDER, 0x56);
        bed.transferElement(0, frame(SENDER, 1), RECEIVER, 12);
        bed.transferElement(1, frame(RECEIVER, 1), RECEIVER, 13);
        bed.transferElement(2, frame(SENDER, 2), RECEIVER, 13);
        assertEquals(0, bed.transferBatch(SENDER, 3));
        assertEquals(GNTST_okay.code, bed.transferStatus(0));
        assertEquals(GNTST_bad_page.code, bed.transferStatus(1));
        assertEquals(GNTST_okay.code, bed.transferStatus(2));
        assertGivenTo(frame(SENDER, 2), RECEIVER);
        assertEquals(
                Errno.EFAULT.neg(),
                bed.call(SENDER, GnttabOp.GNTTABOP_transfer.code, FakeGuest.BASE + CopyTestBed.ARG_BYTES - 8, 1));
        bed.acceptTransfer(RECEIVER, 14, SENDER, 0x57);
        bed.transferElement(0, frame(SENDER, 3), RECEIVER, 14);
        bed.guest.readOnlyFrom = FakeGuest.BASE;
        assertEquals(Errno.EFAULT.neg(), bed.transferBatch(SENDER, 1));
        assertGivenTo(frame(SENDER, 3), RECEIVER);
    }
}
