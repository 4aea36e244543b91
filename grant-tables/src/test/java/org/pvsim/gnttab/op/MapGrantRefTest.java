package org.pvsim.gnttab.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_domain;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_gntref;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_page;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_general_error;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_no_space;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_okay;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_accept_transfer;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_sub_page;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;

import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.testing.GnttabTestBed;
import org.pvsim.hypervisor.abi.DomId;

/** map_grant_ref: the success paths and every GNTST code it returns, each failure leaving nothing behind. */
class MapGrantRefTest extends OneGrantFixture {
    /** Nothing of a map is left: no pin, no status bits, only the allocation reference, no PTE. */
    void assertUntouched() {
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.statusWord(GRANTER, REF) & (GTF_reading | GTF_writing)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
        assertThat(bed.mmu().typeCount(FRAME)).isZero();
        assertThat(bed.mmu().hostMappings).isEmpty();
        assertThat(bed.table(MAPPER).maptrack().inUse()).isZero();
    }

    @Test
    void writableHostMapPinsSetsFlagsAndTakesReferenceAndType() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        assertThat(bed.lastHandle).isZero();
        assertThat(bed.lastDevBusAddr).isEqualTo(FRAME << 12);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstw_inc);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading | GTF_writing);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        assertThat(bed.mmu().typeCount(FRAME)).isEqualTo(1);
        assertThat(bed.mmu().hostMapping(MAPPER, VA).mfn()).isEqualTo(FRAME);
        assertThat(bed.host.journal.lastGnttab())
                .isEqualTo(new org.pvsim.hypervisor.spi.testing.RecordingJournal.GnttabEntry(
                        GnttabOp.GNTTABOP_map_grant_ref.code, MAPPER, GRANTER, REF, 0, 0));

        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertUntouched();
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access);
    }

    @Test
    void readOnlyHostMapTakesNoTypeAndLeavesWritingClear() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstr_inc);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        assertThat(bed.mmu().typeCount(FRAME)).isZero();
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertUntouched();
    }

    @Test
    void hostAndDeviceMapTakeOneReferenceEach() {
        int flags = GNTMAP_host_map | GNTMAP_device_map;
        assertThat(bed.map(MAPPER, GRANTER, REF, flags, VA)).isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstw_inc + GNTPIN_devw_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(3);
        assertThat(bed.mmu().typeCount(FRAME)).isEqualTo(2);
        int handle = bed.lastHandle;
        // the host part first: the device part stays
        assertThat(bed.unmap(MAPPER, handle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_devw_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        assertThat(bed.mmu().typeCount(FRAME)).isEqualTo(1);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading | GTF_writing);
        bed.assertAudit();
        assertThat(bed.unmap(MAPPER, handle, 0, FRAME << 12)).isEqualTo(GNTST_okay.code);
        assertUntouched();
        assertThat(bed.unmap(MAPPER, handle, VA, FRAME << 12)).isEqualTo(-4);
    }

    @Test
    void readOnlyDeviceMapTakesOneReferenceOnly() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_devr_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        assertThat(bed.mmu().typeCount(FRAME)).isZero();
        assertThat(bed.mmu().hostMappings).isEmpty();
        assertThat(bed.unmap(MAPPER, bed.lastHandle, 0, FRAME << 12)).isEqualTo(GNTST_okay.code);
        assertUntouched();
    }

    @Test
    void selfGrantWorks() {
        bed.grant(GRANTER, REF + 1, GRANTER, FRAME, GTF_permit_access);
        assertThat(bed.map(GRANTER, GRANTER, REF + 1, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF + 1)).isEqualTo(GNTPIN_hstw_inc);
        assertThat(bed.unmap(GRANTER, bed.lastHandle, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.pin(GRANTER, REF + 1)).isZero();
    }

    @Test
    void noHostOrDeviceFlagIsBadGntref() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_readonly, VA)).isEqualTo(GNTST_bad_gntref.code);
        assertUntouched();
    }

    @Test
    void unknownGranterAndDomidSelfAreBadDomain() {
        assertThat(bed.map(MAPPER, 9, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_bad_domain.code);
        assertThat(bed.map(MAPPER, DomId.DOMID_SELF, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_bad_domain.code);
        assertUntouched();
    }

    @Test
    void noMaptrackSpaceIsNoSpace() {
        GnttabTestBed b = new GnttabTestBed();
        b.domain(GRANTER);
        b.host.domains.add(MAPPER).maxMaptrackFrames = 0;
        b.domain(MAPPER);
        b.frameOf(GRANTER, FRAME);
        b.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access);
        assertThat(b.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_no_space.code);
        assertThat(b.pin(GRANTER, REF)).isZero();
    }

    @Test
    void oneMaptrackFrameGives255HandlesThenNoSpace() {
        GnttabTestBed b = new GnttabTestBed();
        b.domain(GRANTER);
        b.host.domains.add(MAPPER).maxMaptrackFrames = 1;
        b.domain(MAPPER);
        b.frameOf(GRANTER, FRAME);
        for (int ref = 8; ref < 8 + 256; ref++) {
            b.grant(GRANTER, ref, MAPPER, FRAME, GTF_permit_access);
        }
        for (int i = 0; i < 255; i++) {
            assertThat(b.map(MAPPER, GRANTER, 8 + i, GNTMAP_device_map | GNTMAP_readonly, 0))
                    .as("map %d", i)
                    .isEqualTo(GNTST_okay.code);
            assertThat(b.lastHandle).isEqualTo(i);
        }
        assertThat(b.map(MAPPER, GRANTER, 8 + 255, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_no_space.code);
        assertThat(b.pin(GRANTER, 8 + 255)).isZero();
        // a freed handle goes to the tail: the next map gets the sentinel, the freed one becomes the sentinel
        assertThat(b.unmap(MAPPER, 7, 0, FRAME << 12)).isZero();
        assertThat(b.map(MAPPER, GRANTER, 8 + 255, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_okay.code);
        assertThat(b.lastHandle).isEqualTo(255);
        assertThat(b.map(MAPPER, GRANTER, 8 + 7, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(GNTST_no_space.code);
        b.assertAudit();
    }

    @Test
    void refOutOfRangeIsBadGntref() {
        assertThat(bed.map(MAPPER, GRANTER, 512, GNTMAP_host_map, VA)).isEqualTo(GNTST_bad_gntref.code);
        assertThat(bed.map(MAPPER, GRANTER, -1, GNTMAP_host_map, VA)).isEqualTo(GNTST_bad_gntref.code);
        assertUntouched();
        assertThat(bed.table(MAPPER).maptrack().limit()).isEqualTo(256);
    }

    @Test
    void entryForAnotherDomainOrOfTheWrongTypeIsGeneralError() {
        bed.grant(GRANTER, REF, 3, FRAME, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_accept_transfer);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access | GTF_sub_page);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access | GTF_readonly);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        assertUntouched();
        // a read-only map of a read-only grant is fine
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA))
                .isEqualTo(GNTST_okay.code);
        int handle = bed.lastHandle;
        // and a writable map of it, now pinned, still fails
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA + 0x1000)).isEqualTo(GNTST_general_error.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstr_inc);
        assertThat(bed.unmap(MAPPER, handle, VA, 0)).isZero();
    }

    @Test
    void pinnedEntryIsRefusedToAnotherMapperAndEditsAreIgnored() {
        bed.domain(3);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        int handle = bed.lastHandle;
        // the granter re-targets the entry while it is pinned: the active entry stays authoritative
        bed.frameOf(GRANTER, FRAME + 1);
        bed.grant(GRANTER, REF, 3, FRAME + 1, GTF_permit_access);
        assertThat(bed.map(3, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        bed.grant(GRANTER, REF, MAPPER, FRAME + 1, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA + 0x1000))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.lastDevBusAddr).isEqualTo(FRAME << 12);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(3);
        assertThat(bed.mmu().count(FRAME + 1)).isEqualTo(1);
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA + 0x1000, 0)).isZero();
        assertThat(bed.unmap(MAPPER, handle, VA, 0)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
    }

    @Test
    void granterCannotRevokeAnEntryInUse() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA))
                .isEqualTo(GNTST_okay.code);
        // gnttab_end_foreign_access_ref: read flags, refuse if reading/writing, else cmpxchg(flags -> 0)
        int flags = bed.flags(GRANTER, REF);
        assertThat(flags & (GTF_reading | GTF_writing)).isNotZero();
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isZero();
        flags = bed.flags(GRANTER, REF);
        assertThat(flags & (GTF_reading | GTF_writing)).isZero();
        int combo = bed.core().entries().combo(bed.table(GRANTER), REF);
        assertThat(bed.core().entries().cmpxchgCombo(bed.table(GRANTER), REF, combo, combo & 0xFFFF_0000))
                .isEqualTo(combo);
    }

    @Test
    void frameNotTheGrantersIsBadPage() {
        bed.frameOf(3, 0x600);
        bed.grant(GRANTER, REF, MAPPER, 0x600, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_bad_page.code);
        bed.grant(GRANTER, REF, MAPPER, 0x999, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_bad_page.code);
        assertThat(bed.mmu().count(0x600)).isEqualTo(1);
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.statusWord(GRANTER, REF) & (GTF_reading | GTF_writing)).isZero();
    }

    @Test
    void pageTableFrameCannotBeMappedWritable() {
        assertThat(bed.mmu().pinAsPageTable(FRAME)).isTrue();
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_device_map, 0)).isEqualTo(GNTST_general_error.code);
        assertUntouched();
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isZero();
    }

    @Test
    void writablyMappedFrameCannotBecomeAPageTable() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_device_map, VA))
                .isEqualTo(GNTST_okay.code);
        assertThat(bed.mmu().pinAsPageTable(FRAME)).isFalse();
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isZero();
        assertThat(bed.mmu().pinAsPageTable(FRAME)).isFalse();
        assertThat(bed.unmap(MAPPER, bed.lastHandle, 0, FRAME << 12)).isZero();
        assertThat(bed.mmu().pinAsPageTable(FRAME)).isTrue();
    }

    @Test
    void failingHostMappingUndoesEverything() {
        long bad = bed.mmu().badHostAddr;
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_device_map, bad))
                .isEqualTo(GNTST_general_error.code);
        assertUntouched();
        // and a second pin's failure leaves the first intact
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        int handle = bed.lastHandle;
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstw_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        assertThat(bed.mmu().typeCount(FRAME)).isEqualTo(1);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading | GTF_writing);
        assertThat(bed.unmap(MAPPER, handle, VA, 0)).isZero();
        assertUntouched();
    }

    @Test
    void pinCounterOverflowIsGeneralError() {
        // GNTPIN_incr2oflow_mask refuses once the counter's top bit is set: 128 pins, not 255
        for (int i = 0; i < 128; i++) {
            assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA + 0x1000L * i))
                    .isEqualTo(0);
        }
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA + 0x1000L * 200))
                .isEqualTo(GNTST_general_error.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(128 * GNTPIN_hstw_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(129);
        // the other counters are independent
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_device_map | GNTMAP_readonly, 0))
                .isEqualTo(0);
    }

    @Test
    void v2EntryMapsAndKeepsStatusInTheStatusFrame() {
        bed.guest.domid = GRANTER;
        bed.guest.put32(GnttabTestBed.SCRATCH_VA, 2);
        assertThat(bed.call(GRANTER, GnttabOp.GNTTABOP_set_version.code, GnttabTestBed.SCRATCH_VA, 1))
                .isZero();
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_okay.code);
        assertThat(bed.flags(GRANTER, REF)).isEqualTo(GTF_permit_access);
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_reading | GTF_writing);
        assertThat(bed.unmap(MAPPER, bed.lastHandle, VA, 0)).isZero();
        assertThat(bed.statusWord(GRANTER, REF)).isZero();
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access | GTF_sub_page);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isEqualTo(GNTST_general_error.code);
        assertThat(bed.statusWord(GRANTER, REF)).isZero();
    }
}
