package org.pvsim.grantcopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pvsim.bench.GrantCopyFixture.D1;
import static org.pvsim.bench.GrantCopyFixture.D2;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.bench.GrantCopyFixture;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabTransferDescriptor;
import org.pvsim.gnttab.abi.GrantEntryV1Descriptor;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.domain.Domain;

/**
 * {@code GNTTABOP_copy} and {@code GNTTABOP_transfer} on the real hypervisor (PV MMU, real page references, the
 * auditor after each step): the bytes move between two domains, a page table cannot be a copy's destination, flags
 * and counts come back, a map/unmap pair is repeatable, and a transfer moves a page the sender unmapped into the
 * receiver's accept-transfer entry, or frees it if the receiver is at max_pages or dying.
 */
class GrantCopyOnHypervisorTest {
    static final int REF = 8;

    GrantCopyFixture fx;
    Auditor auditor;

    @BeforeEach
    void setUp() {
        fx = new GrantCopyFixture();
        auditor = new Auditor(fx.hv);
        assertClean();
    }

    private void assertClean() {
        List<?> v = auditor.audit();
        assertTrue(v.isEmpty(), () -> "auditor: " + v);
    }

    private byte[] read(int domid, long va, int len) {
        byte[] b = new byte[len];
        fx.hv.guestRead(fx.hv.vcpu(domid, 0), va, b, 0, len);
        return b;
    }

    private long copy() {
        return fx.hypercall(fx.v2, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_copy.code, fx.argVa, 1, 0);
    }

    @Test
    void aGrantCopyMovesTheBytesAndLeavesNoPinFlagOrReference() {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        fx.hv.guestWrite(fx.v1, fx.now, fx.dataVa(0), data, 0, data.length);
        fx.grant(REF, D2, 0, true);
        fx.writeCopy(
                fx.argVa, REF, D1, 1000, fx.dataMfn(fx.v2, 1), DomId.DOMID_SELF, 10, 3000, GntMap.GNTCOPY_source_gref);
        assertEquals(0, copy());
        assertEquals(GnttabStatus.GNTST_okay.code, fx.copyStatus(fx.argVa));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 4000), read(D2, fx.dataVa(1) + 10, 3000));
        assertEquals(GrantFlags.GTF_permit_access | GrantFlags.GTF_readonly, fx.grantFlags(REF));
        assertClean();
        // and back again into d1's page, through a writable grant
        fx.grant(REF + 1, D2, 2, false);
        fx.writeCopy(
                fx.argVa, fx.dataMfn(fx.v2, 1), DomId.DOMID_SELF, 10, REF + 1, D1, 0, 3000, GntMap.GNTCOPY_dest_gref);
        assertEquals(0, copy());
        assertEquals(GnttabStatus.GNTST_okay.code, fx.copyStatus(fx.argVa));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 4000), read(D1, fx.dataVa(2), 3000));
        assertEquals(GrantFlags.GTF_permit_access, fx.grantFlags(REF + 1));
        assertClean();
    }

    @Test
    void aPageTableIsNeverACopyDestinationAndOutOfPageCopiesAreBadCopyArg() {
        long l4 = fx.dataMfnOfPfn(
                fx.v2, StartOfDayLayout.plan(GrantCopyFixture.NR_PAGES, true).l4Pfn());
        fx.writeCopy(fx.argVa, fx.dataMfn(fx.v2, 0), DomId.DOMID_SELF, 0, l4, DomId.DOMID_SELF, 0, 8, 0);
        assertEquals(0, copy());
        assertEquals(GnttabStatus.GNTST_general_error.code, fx.copyStatus(fx.argVa));
        fx.writeCopy(
                fx.argVa,
                fx.dataMfn(fx.v2, 0),
                DomId.DOMID_SELF,
                4000,
                fx.dataMfn(fx.v2, 1),
                DomId.DOMID_SELF,
                0,
                97,
                0);
        assertEquals(0, copy());
        assertEquals(GnttabStatus.GNTST_bad_copy_arg.code, fx.copyStatus(fx.argVa));
        fx.writeCopy(
                fx.argVa, fx.dataMfn(fx.v1, 0), DomId.DOMID_SELF, 0, fx.dataMfn(fx.v2, 1), DomId.DOMID_SELF, 0, 8, 0);
        assertEquals(0, copy());
        assertEquals(GnttabStatus.GNTST_bad_page.code, fx.copyStatus(fx.argVa), "another domain's frame by number");
        assertClean();
    }

    @Test
    void aMapUnmapPairCanBeRepeated() {
        fx.grant(REF, D2, 0, false);
        long mapArg = fx.argVa + 64;
        long unmapArg = fx.argVa + 128;
        long hostVa = fx.dataVa(3);
        int handle = -1;
        for (int i = 0; i < 3; i++) {
            fx.writeMap(mapArg, hostVa, REF, false);
            assertEquals(
                    0,
                    fx.hypercall(
                            fx.v2,
                            Hypercall.grant_table_op.number,
                            GnttabOp.GNTTABOP_map_grant_ref.code,
                            mapArg,
                            1,
                            0));
            long res = fx.mapResult(mapArg);
            assertEquals(0, res >> 32);
            handle = (int) res;
            assertEquals(
                    GrantFlags.GTF_permit_access | GrantFlags.GTF_reading | GrantFlags.GTF_writing, fx.grantFlags(REF));
            assertClean();
            fx.writeUnmap(unmapArg, hostVa, handle);
            assertEquals(
                    0,
                    fx.hypercall(
                            fx.v2,
                            Hypercall.grant_table_op.number,
                            GnttabOp.GNTTABOP_unmap_grant_ref.code,
                            unmapArg,
                            1,
                            0));
            assertEquals(0, fx.unmapStatus(unmapArg));
            assertEquals(GrantFlags.GTF_permit_access, fx.grantFlags(REF));
            assertClean();
        }
    }

    private void acceptTransfer(int ref, long gpfn) {
        byte[] b = new byte[8];
        LittleEndian.putU16(b, GrantEntryV1Descriptor.DOMID_OFFSET, D2);
        LittleEndian.putI32(b, GrantEntryV1Descriptor.FRAME_OFFSET, (int) gpfn);
        LittleEndian.putU16(b, GrantEntryV1Descriptor.FLAGS_OFFSET, GrantFlags.GTF_accept_transfer);
        fx.hv.guestWrite(fx.v1, fx.now, fx.grantVa + (long) ref * 8, b, 0, 8);
    }

    private int transfer(long mfn, int domid, int ref) {
        byte[] b = new byte[GnttabTransferDescriptor.SIZE];
        LittleEndian.putI64(b, GnttabTransferDescriptor.MFN_OFFSET, mfn);
        LittleEndian.putU16(b, GnttabTransferDescriptor.DOMID_OFFSET, domid);
        LittleEndian.putI32(b, GnttabTransferDescriptor.REF_OFFSET, ref);
        fx.hv.guestWrite(fx.v2, fx.now, fx.argVa, b, 0, b.length);
        assertEquals(
                0,
                fx.hypercall(fx.v2, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_transfer.code, fx.argVa, 1, 0));
        byte[] s = read(D2, fx.argVa + GnttabTransferDescriptor.STATUS_OFFSET, 2);
        return (short) LittleEndian.getU16(s, 0);
    }

    /** d2 unmaps its data page {@code i} (so only the allocation holds it) and returns its frame. */
    private long unmapOwn(int i) {
        long mfn = fx.dataMfn(fx.v2, i);
        assertEquals(
                0, fx.hypercall(fx.v2, Hypercall.update_va_mapping.number, fx.dataVa(i), 0, UvmFlags.UVMF_INVLPG, 0));
        return mfn;
    }

    @Test
    void aTransferMovesAnUnmappedPageIntoTheAcceptingEntry() {
        Domain d1 = fx.hv.domains().get(D1);
        Domain d2 = fx.hv.domains().get(D2);
        acceptTransfer(REF, 0x3FF);
        // still mapped by d2: it cannot be stolen, and d2 keeps it
        long mapped = fx.dataMfn(fx.v2, 4);
        assertEquals(GnttabStatus.GNTST_bad_page.code, transfer(mapped, D1, REF));
        assertEquals(GrantFlags.GTF_accept_transfer, fx.grantFlags(REF));
        long mfn = unmapOwn(4);
        d1.setMaxPages(d1.totPages() + 1);
        long tot1 = d1.totPages();
        long tot2 = d2.totPages();
        assertEquals(GnttabStatus.GNTST_okay.code, transfer(mfn, D1, REF));
        assertEquals(
                GrantFlags.GTF_accept_transfer | GrantFlags.GTF_transfer_committed | GrantFlags.GTF_transfer_completed,
                fx.grantFlags(REF));
        byte[] e = read(D1, fx.grantVa + (long) REF * 8, 8);
        assertEquals(mfn, LittleEndian.getI32(e, GrantEntryV1Descriptor.FRAME_OFFSET) & 0xFFFF_FFFFL);
        assertEquals(tot1 + 1, d1.totPages());
        assertEquals(tot2 - 1, d2.totPages());
        assertClean();
    }

    @Test
    void aTransferToAReceiverAtMaxPagesOrDyingFreesThePage() {
        Domain d1 = fx.hv.domains().get(D1);
        Domain d2 = fx.hv.domains().get(D2);
        acceptTransfer(REF, 0x3FF);
        d1.setMaxPages(d1.totPages());
        long mfn = unmapOwn(5);
        long tot2 = d2.totPages();
        assertEquals(GnttabStatus.GNTST_general_error.code, transfer(mfn, D1, REF));
        assertEquals(GrantFlags.GTF_accept_transfer, fx.grantFlags(REF), "the entry is not even committed");
        assertEquals(tot2 - 1, d2.totPages(), "the page no longer belongs to the sender");
        assertClean();
        // d2 maps a page of d1's, so that d1 stays dying (not destroyed) after the kill
        fx.grant(REF + 1, D2, 0, false);
        fx.writeMap(fx.argVa + 64, fx.dataVa(3), REF + 1, false);
        assertEquals(
                0,
                fx.hypercall(
                        fx.v2,
                        Hypercall.grant_table_op.number,
                        GnttabOp.GNTTABOP_map_grant_ref.code,
                        fx.argVa + 64,
                        1,
                        0));
        assertEquals(0, fx.mapResult(fx.argVa + 64) >> 32);
        fx.hv.lifecycle().kill(d1, fx.now);
        assertTrue(fx.hv.domains().get(D1) != null && !d1.isAlive(), "d1 is dying, not gone");
        long mfn2 = unmapOwn(6);
        assertEquals(GnttabStatus.GNTST_general_error.code, transfer(mfn2, D1, REF));
        assertEquals(tot2 - 2, d2.totPages());
        assertEquals(GnttabStatus.GNTST_bad_domain.code, transfer(unmapOwn(7), 5, REF));
        assertClean();
    }
}
