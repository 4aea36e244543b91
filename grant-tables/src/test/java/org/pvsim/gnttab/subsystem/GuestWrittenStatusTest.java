package org.pvsim.gnttab.subsystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_okay;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.testing.GnttabTestBed;

/**
 * I8 (b) audits Xen's own status bits, not the guest-writable shared word: a guest that sets or clears {@code
 * GTF_reading} / {@code GTF_writing} in its v1 flags or v2 status words makes no violation, and the hypervisor still
 * behaves as Xen (the active entry stays authoritative; unmap clears only Xen's bits). The audit runs after every step.
 */
class GuestWrittenStatusTest {
    static final int GRANTER = 1;
    static final int MAPPER = 2;
    static final int REF = 8;
    static final long FRAME = 0x500;
    static final long OTHER_FRAME = 0x501;
    static final long VA = 0x7000_0000L;

    GnttabTestBed bed = new GnttabTestBed();

    GuestWrittenStatusTest() {
        bed.domain(GRANTER);
        bed.domain(MAPPER);
        bed.domain(3);
        bed.frameOf(GRANTER, FRAME);
        bed.frameOf(GRANTER, OTHER_FRAME);
    }

    @AfterEach
    void audit() {
        bed.assertAudit();
    }

    /** The granter's kernel writes a whole v1 flags word. */
    void guestWritesFlags(int ref, int flags) {
        bed.core().entries().setFlags(bed.table(GRANTER), ref, flags);
    }

    void setVersion2() {
        bed.guest.put32(GnttabTestBed.SCRATCH_VA, 2);
        assertThat(bed.call(GRANTER, GnttabOp.GNTTABOP_set_version.code, GnttabTestBed.SCRATCH_VA, 1))
                .isZero();
        assertThat(bed.table(GRANTER).version()).isEqualTo(2);
    }

    @Test
    void v1GuestSettingStatusBitsOnAnUnpinnedEntryIsNotAViolationAndXenClearsOnlyItsOwn() {
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access);
        guestWritesFlags(REF, GTF_permit_access | GTF_reading | GTF_writing);
        bed.assertAudit();
        // Xen looks only at the type (and domid) of an unpinned entry: a read-only map works and adds GTF_reading
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.table(GRANTER).active().ownedStatus(REF)).isEqualTo(GTF_reading);
        bed.assertAudit();
        // the read-only unmap clears GTF_reading, Xen's; the guest's GTF_writing stays, as in Xen
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.flags(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_writing);
        assertThat(bed.table(GRANTER).active().ownedStatus(REF)).isZero();
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
    }

    @Test
    void v1GuestOverwritingAPinnedEntryIsNotAViolationAndTheActiveEntryStaysAuthoritative() {
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        int hostHandle = bed.lastHandle;
        assertThat(bed.flags(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading | GTF_writing);
        // the granter re-grants the entry in use: another frame, another grantee, GTF_reading/GTF_writing cleared
        bed.grant(GRANTER, REF, 3, OTHER_FRAME, GTF_permit_access);
        assertThat(bed.flags(GRANTER, REF) & (GTF_reading | GTF_writing)).isZero();
        bed.assertAudit();
        // a further map by the original grantee still uses the active entry (frame and grantee)
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_okay.code);
        int devHandle = bed.lastHandle;
        assertThat(bed.lastDevBusAddr).isEqualTo(FRAME << 12);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstw_inc + GNTPIN_devr_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(3);
        assertThat(bed.mmu().count(OTHER_FRAME)).isEqualTo(1);
        // while the new grantee's map is refused: the entry is pinned for MAPPER
        assertThat(bed.map(3, GRANTER, REF, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isNotEqualTo(GNTST_okay.code);
        bed.assertAudit();
        assertThat(bed.unmap(MAPPER, devHandle, 0, FRAME << 12)).isEqualTo(GNTST_okay.code);
        assertThat(bed.unmap(MAPPER, hostHandle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.table(GRANTER).active().ownedStatus(REF)).isZero();
        assertThat(bed.flags(GRANTER, REF)).isEqualTo(GTF_permit_access);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
        // now the new grant is in force
        assertThat(bed.map(3, GRANTER, REF, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.lastDevBusAddr).isEqualTo(OTHER_FRAME << 12);
    }

    @Test
    void v2GuestStoringIntoItsStatusWordsIsNotAViolation() {
        setVersion2();
        GrantTable gt = bed.table(GRANTER);
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access);
        bed.grant(GRANTER, REF + 1, MAPPER, FRAME, GTF_permit_access);
        // an unpinned entry's status word, as a guest's plain store to its status frame would
        bed.core().entries().setStatus(gt, REF + 1, GTF_reading | GTF_writing);
        bed.core().entries().setStatus(gt, REF + 2, 0xFFFF);
        bed.assertAudit();
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_reading | GTF_writing);
        // a pinned entry's status word cleared by the guest
        bed.core().entries().setStatus(gt, REF, 0);
        bed.assertAudit();
        // a read-only map of the entry with the guest's bits: Xen ORs in GTF_reading, owns only that
        assertThat(bed.map(MAPPER, GRANTER, REF + 1, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_okay.code);
        int roHandle = bed.lastHandle;
        assertThat(gt.active().ownedStatus(REF + 1)).isEqualTo(GTF_reading);
        bed.assertAudit();
        assertThat(bed.unmap(MAPPER, roHandle, 0, FRAME << 12)).isEqualTo(GNTST_okay.code);
        assertThat(bed.statusWord(GRANTER, REF + 1)).isEqualTo(GTF_writing);
        bed.assertAudit();
        // the guest sets the bits again on the pinned entry; unmap clears them, as Xen's gnttab_clear_flags
        bed.core().entries().setStatus(gt, REF, GTF_reading | GTF_writing | 0x8000);
        assertThat(bed.unmap(MAPPER, 0, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(0x8000);
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(gt.active().ownedStatus(REF)).isZero();
    }

    @Test
    void guestStatusBitsCarriedOverBySetVersionAreNotAViolation() {
        // reserved entry 0 keeps its (guest-written) bits across set_version; they are not Xen's
        guestWritesFlags(0, GTF_permit_access | GTF_reading | GTF_writing);
        setVersion2();
        assertThat(bed.statusWord(GRANTER, 0)).isEqualTo(GTF_reading | GTF_writing);
        assertThat(bed.table(GRANTER).active().ownedStatus(0)).isZero();
        bed.assertAudit();
    }

    @Test
    void aPinnedReservedEntryKeepsXensBitsAcrossSetVersion() {
        bed.grant(GRANTER, 1, MAPPER, FRAME, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, 1, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        setVersion2();
        assertThat(bed.statusWord(GRANTER, 1)).isEqualTo(GTF_reading | GTF_writing);
        assertThat(bed.table(GRANTER).active().ownedStatus(1)).isEqualTo(GTF_reading | GTF_writing);
        bed.assertAudit();
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.statusWord(GRANTER, 1)).isZero();
    }
}
