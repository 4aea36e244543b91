package org.pvsim.gnttab.subsystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;

import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabSetupTableDescriptor;
import org.pvsim.gnttab.testing.GnttabTestBed;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.testing.FakeGrantMmu;

/** grant_table_init, gnttab_release_mappings at a mapper's death, a granter's death, destruction. */
class LifecycleTest {
    static final long FRAME = 0x500;
    static final long VA = 0x7000_0000L;

    GnttabTestBed bed = new GnttabTestBed();

    @Test
    void initRefusesBadVersionsAndSizes() {
        bed.host.domains.add(1).maxGrantVersion = 0;
        assertThat(bed.create(1)).isEqualTo(Errno.EINVAL.neg());
        bed.host.domains.add(1).maxGrantVersion = 3;
        assertThat(bed.create(1)).isEqualTo(Errno.EINVAL.neg());
        bed.host.domains.add(1).maxGrantFrames = 0;
        assertThat(bed.create(1)).isEqualTo(Errno.EINVAL.neg());
        assertThat(bed.table(1)).isNull();
        bed.host.domains.add(1);
        bed.mmu().sharedFramesLeft = 0;
        assertThat(bed.create(1)).isEqualTo(Errno.ENOMEM.neg());
        assertThat(bed.table(1)).isNull();
        bed.mmu().sharedFramesLeft = -1;
        assertThat(bed.create(1)).isZero();
        assertThat(bed.table(1).version()).isEqualTo(1);
        assertThat(bed.table(1).nrGrantFrames()).isEqualTo(1);
        assertThat(bed.table(1).maxGrantFrames()).isEqualTo(64);
        assertThat(bed.table(1).maptrack().maxFrames()).isEqualTo(1024);
        assertThat(bed.table(1).maptrack().limit()).isZero();
    }

    @Test
    void mapperDeathDropsPinsFlagsAndDeviceReferencesButNotHostReferences() {
        bed.domain(1);
        bed.domain(2);
        bed.frameOf(1, FRAME);
        bed.grant(1, 8, 2, FRAME, GTF_permit_access);
        bed.grant(1, 9, 2, FRAME, GTF_permit_access);
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map | GNTMAP_device_map, VA)).isZero();
        assertThat(bed.map(2, 1, 9, GNTMAP_device_map | GNTMAP_readonly, 0)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(4);
        assertThat(bed.mmu().typeCount(FRAME)).isEqualTo(2);
        bed.kill(2);
        assertThat(bed.pin(1, 8)).isZero();
        assertThat(bed.pin(1, 9)).isZero();
        assertThat(bed.flags(1, 8)).isEqualTo(GTF_permit_access);
        assertThat(bed.flags(1, 9)).isEqualTo(GTF_permit_access);
        // the host mapping's reference and writable type belong to the dying mapper's page tables
        assertThat(bed.mmu().count(FRAME)).isEqualTo(2);
        assertThat(bed.mmu().typeCount(FRAME)).isEqualTo(1);
        assertThat(bed.table(2).maptrack().inUse()).isZero();
        assertThat(bed.table(2).maptrack().limit()).isZero();
        bed.assertAudit();
        bed.destroy(2);
        assertThat(bed.table(2)).isNull();
        bed.assertAudit();
    }

    @Test
    void granterDeathKeepsItsTableUntilDestroyedAndTheMapperCanStillUnmap() {
        bed.domain(1);
        bed.domain(2);
        bed.frameOf(1, FRAME);
        bed.grant(1, 8, 2, FRAME, GTF_permit_access);
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map | GNTMAP_readonly, VA)).isZero();
        long grantFrame = bed.table(1).sharedFrame(0);
        bed.kill(1);
        assertThat(bed.table(1)).isNotNull();
        assertThat(bed.pin(1, 8)).isEqualTo(1 << 8);
        assertThat(bed.flags(1, 8)).isEqualTo(GTF_permit_access | GTF_reading);
        bed.assertAudit();
        assertThat(bed.unmap(2, bed.lastHandle, VA, 0)).isZero();
        assertThat(bed.pin(1, 8)).isZero();
        assertThat(bed.mmu().count(FRAME)).isEqualTo(1);
        bed.destroy(1);
        assertThat(bed.table(1)).isNull();
        assertThat(bed.mmu().frame(grantFrame)).isNull();
        bed.assertAudit();
    }

    @Test
    void destroyFreesGrantAndStatusFrames() {
        bed.domain(1);
        bed.guest.put32(GnttabTestBed.SCRATCH_VA, 2);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_set_version.code, GnttabTestBed.SCRATCH_VA, 1))
                .isZero();
        long op = GnttabTestBed.SCRATCH_VA;
        bed.guest.put16(op + GnttabSetupTableDescriptor.DOM_OFFSET, 1);
        bed.guest.put32(op + GnttabSetupTableDescriptor.NR_FRAMES_OFFSET, 10);
        bed.guest.put64(op + GnttabSetupTableDescriptor.FRAME_LIST_OFFSET, op + 0x100);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_setup_table.code, op, 1)).isZero();
        assertThat(bed.mmu().sharedFrameCount()).isEqualTo(12);
        bed.kill(1);
        bed.destroy(1);
        assertThat(bed.mmu().sharedFrameCount()).isZero();
    }

    @Test
    void refusedV2ToV1KeepsEveryStatusWord() {
        bed.domain(1);
        bed.domain(2);
        bed.frameOf(1, FRAME);
        long op = GnttabTestBed.SCRATCH_VA;
        bed.guest.put32(op, 2);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_set_version.code, op, 1)).isZero();
        bed.guest.put16(op + GnttabSetupTableDescriptor.DOM_OFFSET, 1);
        bed.guest.put32(op + GnttabSetupTableDescriptor.NR_FRAMES_OFFSET, 9);
        bed.guest.put64(op + GnttabSetupTableDescriptor.FRAME_LIST_OFFSET, op + 0x100);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_setup_table.code, op, 1)).isZero();
        assertThat(bed.table(1).nrStatusFrames()).isEqualTo(2);
        bed.grant(1, 0, 2, FRAME, GTF_permit_access);
        assertThat(bed.map(2, 1, 0, GNTMAP_host_map | GNTMAP_readonly, VA)).isZero();
        FakeGrantMmu.Frame second = bed.mmu().frame(bed.table(1).statusFrame(1));
        second.count++;
        bed.guest.put32(op, 1);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_set_version.code, op, 1)).isEqualTo(Errno.EBUSY.neg());
        assertThat(bed.table(1).version()).isEqualTo(2);
        assertThat(bed.table(1).nrStatusFrames()).isEqualTo(2);
        assertThat(bed.statusWord(1, 0)).isEqualTo(GTF_reading);
        bed.assertAudit();
        second.count--;
        assertThat(bed.unmap(2, bed.lastHandle, VA, 0)).isZero();
    }
}
