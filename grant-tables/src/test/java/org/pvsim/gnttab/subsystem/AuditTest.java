package org.pvsim.gnttab.subsystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.testing.GnttabTestBed;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/** The audit's reference reports and its I8/I9 checks, which can fail. */
class AuditTest {
    static final long FRAME = 0x500;
    static final long VA = 0x7000_0000L;

    GnttabTestBed bed = new GnttabTestBed();
    SubsystemAudit audit;

    AuditTest() {
        audit = bed.host.audits.get(0);
        bed.domain(1);
        bed.domain(2);
        bed.frameOf(1, FRAME);
        bed.grant(1, 8, 2, FRAME, GTF_permit_access);
    }

    @Test
    void reportsDeviceReferencesSharedFramesAndHostMappings() {
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map | GNTMAP_device_map, VA)).isZero();
        assertThat(bed.map(2, 1, 8, GNTMAP_device_map | GNTMAP_readonly, 0)).isZero();
        List<String> writable = new ArrayList<>();
        List<String> general = new ArrayList<>();
        List<Long> shared = new ArrayList<>();
        audit.frameReferences((mfn, holder) -> writable.add(Long.toHexString(mfn) + " " + holder));
        audit.generalReferences((mfn, holder) -> general.add(Long.toHexString(mfn) + " " + holder));
        audit.sharedFrames((mfn, holder) -> shared.add(mfn));
        assertThat(writable).containsExactly("500 d2 grant handle 0");
        assertThat(general).containsExactly("500 d2 grant handle 1");
        assertThat(shared)
                .containsExactly(bed.table(1).sharedFrame(0), bed.table(2).sharedFrame(0));
        assertThat(audit.hasGrantHostMapping(2, FRAME)).isTrue();
        assertThat(audit.hasGrantHostMapping(1, FRAME)).isFalse();
        assertThat(audit.hasGrantHostMapping(2, FRAME + 1)).isFalse();
        bed.assertAudit();
    }

    @Test
    void pinWithoutMappingIsAnI8Violation() {
        bed.table(1).active().setPin(8, 1);
        assertThat(bed.violations()).anyMatch(v -> v.startsWith("I8") && v.contains("pin 0x1"));
    }

    @Test
    void xensReadingBitWithoutPinIsAnI8Violation() {
        bed.table(1).active().setOwnedStatus(8, GTF_reading);
        assertThat(bed.violations()).containsExactly("I8: d1 ref 8 Xen's GTF_reading=true with pin 0x0");
    }

    @Test
    void aPinSetByHandWithoutXensBitsIsAnI8Violation() {
        bed.table(1).active().setPin(8, GNTPIN_hstw_inc);
        assertThat(bed.violations())
                .contains(
                        "I8: d1 ref 8 has pin 0x1 but its mappings hold 0x0",
                        "I8: d1 ref 8 Xen's GTF_reading=false with pin 0x1",
                        "I8: d1 ref 8 Xen's GTF_writing=false with pin 0x1");
    }

    @Test
    void missingXensWritingBitWithWritablePinIsAnI8Violation() {
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map, VA)).isZero();
        bed.assertAudit();
        bed.table(1).active().setOwnedStatus(8, GTF_reading);
        assertThat(bed.violations()).containsExactly("I8: d1 ref 8 Xen's GTF_writing=false with pin 0x1");
    }

    @Test
    void bitsLeftSetAfterTheLastUnmapAreAnI8Violation() {
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map, VA)).isZero();
        assertThat(bed.unmap(2, bed.lastHandle, VA, 0)).isZero();
        bed.assertAudit();
        // as if unmap had forgotten reduce_status_for_pin
        bed.table(1).active().setOwnedStatus(8, GTF_reading | GTF_writing);
        assertThat(bed.violations())
                .containsExactly(
                        "I8: d1 ref 8 Xen's GTF_reading=true with pin 0x0",
                        "I8: d1 ref 8 Xen's GTF_writing=true with pin 0x0");
    }

    @Test
    void aWritingBitWithOnlyReadPinsIsAnI8Violation() {
        assertThat(bed.map(2, 1, 8, GNTMAP_device_map | GNTMAP_readonly, 0)).isZero();
        bed.table(1).active().setOwnedStatus(8, GTF_reading | GTF_writing);
        assertThat(bed.violations()).containsExactly("I8: d1 ref 8 Xen's GTF_writing=true with pin 0x1000000");
    }

    @Test
    void mappingOfAnEntryGrantedToAnotherIsAnI8Violation() {
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map, VA)).isZero();
        bed.table(1).active().fill(8, 3, FRAME, 0, 4096, false, 1, 8);
        assertThat(bed.violations()).anyMatch(v -> v.startsWith("I8") && v.contains("granted to d3"));
    }

    @Test
    void statusFramesInV1AreAnI9Violation() {
        bed.table(1).populateStatusFrames(1, bed.mmu());
        assertThat(bed.violations()).anyMatch(v -> v.startsWith("I9"));
    }

    /**
     * A host-only handle whose granter's table went (an implicit unmap let it be destroyed) is not checked, as Xen
     * allows it; a handle with a device part is, since its own reference should have kept the granter alive.
     */
    @Test
    void onlyAHostOnlyHandleMayOutliveItsGranter() {
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map, VA)).isZero();
        bed.core().tables().remove(1);
        bed.assertAudit();
        assertThat(audit.hasGrantHostMapping(2, FRAME)).isFalse();
    }

    @Test
    void aDeviceMappingWhoseGranterWasDestroyedIsAnI8Violation() {
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map | GNTMAP_device_map, VA)).isZero();
        bed.core().tables().remove(1);
        assertThat(bed.violations())
                .anyMatch(v -> v.startsWith("I8") && v.contains("destroyed under its device mapping"));
    }
}
