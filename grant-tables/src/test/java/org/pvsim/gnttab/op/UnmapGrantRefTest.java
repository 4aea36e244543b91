package org.pvsim.gnttab.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_dev_addr;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_handle;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_general_error;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_okay;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;

import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabUnmapAndReplaceDescriptor;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.testing.GnttabTestBed;
import org.pvsim.hypervisor.abi.Errno;

/** unmap_grant_ref and unmap_and_replace: handle and address checks, exact release, batches. */
class UnmapGrantRefTest extends OneGrantFixture {
    @Test
    void doubleUnmapIsBadHandle() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isZero();
        int h = bed.lastHandle;
        assertThat(bed.unmap(MAPPER, h, VA, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.unmap(MAPPER, h, VA, 0)).isEqualTo(GNTST_bad_handle.code);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
    }

    @Test
    void handleBeyondLimitOrNeverUsedIsBadHandle() {
        assertThat(bed.unmap(MAPPER, 0, VA, 0)).isEqualTo(GNTST_bad_handle.code);
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isZero();
        assertThat(bed.unmap(MAPPER, 5, VA, 0)).isEqualTo(GNTST_bad_handle.code);
        assertThat(bed.unmap(MAPPER, 256, VA, 0)).isEqualTo(GNTST_bad_handle.code);
        assertThat(bed.unmap(MAPPER, -1, VA, 0)).isEqualTo(GNTST_bad_handle.code);
        // another domain cannot use the mapper's handle
        assertThat(bed.unmap(GRANTER, 0, VA, 0)).isEqualTo(GNTST_bad_handle.code);
        assertThat(bed.unmap(MAPPER, 0, VA, 0)).isZero();
    }

    @Test
    void wrongDevBusAddrIsBadDevAddrAndKeepsTheMapping() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_device_map, VA))
                .isZero();
        int h = bed.lastHandle;
        assertThat(bed.unmap(MAPPER, h, VA, (FRAME + 1) << 12)).isEqualTo(GNTST_bad_dev_addr.code);
        assertThat(bed.mmu().hostMapping(MAPPER, VA)).isNotNull();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(3);
        assertThat(bed.unmap(MAPPER, h, VA, FRAME << 12)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
        assertThat(bed.mmu().typeCount(FRAME)).isZero();
    }

    @Test
    void wrongHostAddrIsGeneralErrorAndKeepsEverything() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isZero();
        int h = bed.lastHandle;
        assertThat(bed.unmap(MAPPER, h, VA + 0x1000, 0)).isEqualTo(GNTST_general_error.code);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstw_inc);
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        bed.assertAudit();
        // zero addresses unmap nothing and keep the handle
        assertThat(bed.unmap(MAPPER, h, 0, 0)).isEqualTo(GNTST_okay.code);
        assertThat(bed.table(MAPPER).maptrack().isInUse(h)).isTrue();
        assertThat(bed.unmap(MAPPER, h, VA, 0)).isZero();
        assertThat(bed.table(MAPPER).maptrack().isInUse(h)).isFalse();
    }

    @Test
    void twoReadersAndAWriterClearFlagsOnlyWhenTheirPinsGo() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA))
                .isZero();
        int r = bed.lastHandle;
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA + 0x1000)).isZero();
        int w = bed.lastHandle;
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading | GTF_writing);
        assertThat(bed.unmap(MAPPER, w, VA + 0x1000, 0)).isZero();
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access | GTF_reading);
        assertThat(bed.pin(GRANTER, REF)).isEqualTo(GNTPIN_hstr_inc);
        assertThat(bed.unmap(MAPPER, r, VA, 0)).isZero();
        assertThat(bed.statusWord(GRANTER, REF)).isEqualTo(GTF_permit_access);
    }

    @Test
    void unmapAndReplaceMovesTheOtherPte() {
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isZero();
        int h = bed.lastHandle;
        long va = GnttabTestBed.SCRATCH_VA;
        bed.guest.put64(va + GnttabUnmapAndReplaceDescriptor.HOST_ADDR_OFFSET, VA);
        bed.guest.put64(va + GnttabUnmapAndReplaceDescriptor.NEW_ADDR_OFFSET, VA + 0x5000);
        bed.guest.put32(va + GnttabUnmapAndReplaceDescriptor.HANDLE_OFFSET, h);
        assertThat(bed.call(MAPPER, GnttabOp.GNTTABOP_unmap_and_replace.code, va, 1))
                .isZero();
        assertThat(bed.guest.get16s(va + GnttabUnmapAndReplaceDescriptor.STATUS_OFFSET))
                .isZero();
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
        assertThat(bed.call(MAPPER, GnttabOp.GNTTABOP_unmap_and_replace.code, va, 1))
                .isZero();
        assertThat(bed.guest.get16s(va + GnttabUnmapAndReplaceDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_bad_handle.code);
    }

    @Test
    void batchGivesEachElementItsStatusAndFaultStopsIt() {
        for (int i = 0; i < 40; i++) {
            assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, VA + 0x1000L * i))
                    .isZero();
        }
        long va = GnttabTestBed.SCRATCH_VA;
        int size = GnttabUnmapGrantRefDescriptor.SIZE;
        for (int i = 0; i < 41; i++) {
            bed.putUnmap(va + (long) i * size, VA + 0x1000L * i, 0, i);
        }
        assertThat(bed.call(MAPPER, GnttabOp.GNTTABOP_unmap_grant_ref.code, va, 41))
                .isZero();
        for (int i = 0; i < 40; i++) {
            assertThat(bed.guest.get16s(va + (long) i * size + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET))
                    .isZero();
        }
        assertThat(bed.guest.get16s(va + 40L * size + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_bad_handle.code);
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);

        // a batch running off the guest's memory: the elements before the fault are done and completed
        assertThat(bed.map(MAPPER, GRANTER, REF, GNTMAP_host_map, VA)).isZero();
        long end = bed.guest.BASE + bed.guest.memory.length;
        bed.putUnmap(end - size, VA, 0, bed.lastHandle);
        assertThat(bed.call(MAPPER, GnttabOp.GNTTABOP_unmap_grant_ref.code, end - size, 2))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(bed.pin(GRANTER, REF)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
        assertThat(bed.mmu().typeCount(FRAME)).isZero();
    }
}
