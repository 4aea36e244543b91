package org.pvsim.gnttab.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_domain;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_gntref;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_bad_virt_addr;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_eagain;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_general_error;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_permission_denied;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transitive;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabGetStatusFramesDescriptor;
import org.pvsim.gnttab.abi.GnttabGetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabQuerySizeDescriptor;
import org.pvsim.gnttab.abi.GnttabSetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabSetupTableDescriptor;
import org.pvsim.gnttab.abi.GnttabSwapGrantRefDescriptor;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.testing.GnttabTestBed;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.testing.FakeGrantMmu;

/** setup_table, query_size, set_version, get_version, get_status_frames and swap_grant_ref. */
class TableOpsTest {
    static final long OP = GnttabTestBed.SCRATCH_VA;
    static final long LIST = GnttabTestBed.SCRATCH_VA + 0x400;

    GnttabTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new GnttabTestBed();
        bed.domain(1);
        bed.domain(2);
    }

    @AfterEach
    void audit() {
        bed.assertAudit();
    }

    long setup(int caller, int dom, int nrFrames, long list, long count) {
        bed.guest.put16(OP + GnttabSetupTableDescriptor.DOM_OFFSET, dom);
        bed.guest.put32(OP + GnttabSetupTableDescriptor.NR_FRAMES_OFFSET, nrFrames);
        bed.guest.put16(OP + GnttabSetupTableDescriptor.STATUS_OFFSET, 0x7777);
        bed.guest.put64(OP + GnttabSetupTableDescriptor.FRAME_LIST_OFFSET, list);
        return bed.call(caller, GnttabOp.GNTTABOP_setup_table.code, OP, count);
    }

    int setupStatus() {
        return bed.guest.get16s(OP + GnttabSetupTableDescriptor.STATUS_OFFSET);
    }

    long setVersion(int caller, int version) {
        bed.guest.put32(OP + GnttabSetVersionDescriptor.VERSION_OFFSET, version);
        return bed.call(caller, GnttabOp.GNTTABOP_set_version.code, OP, 1);
    }

    @Test
    void setupTableGrowsAndListsFrames() {
        assertThat(bed.table(1).nrGrantFrames()).isEqualTo(1);
        assertThat(setup(1, DomId.DOMID_SELF, 4, LIST, 1)).isZero();
        assertThat(setupStatus()).isZero();
        GrantTable gt = bed.table(1);
        assertThat(gt.nrGrantFrames()).isEqualTo(4);
        assertThat(gt.nrGrantEntries()).isEqualTo(2048);
        for (int i = 0; i < 4; i++) {
            assertThat(bed.guest.get64(LIST + 8L * i)).isEqualTo(gt.sharedFrame(i));
        }
        // asking for fewer never shrinks
        assertThat(setup(1, 1, 2, LIST, 1)).isZero();
        assertThat(gt.nrGrantFrames()).isEqualTo(4);
    }

    @Test
    void setupTableErrors() {
        assertThat(setup(1, 1, 1, LIST, 2)).isEqualTo(Errno.EINVAL.neg());
        assertThat(setup(1, 1, 1, LIST, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(setup(1, 1, 1, 0xFFFF_8000_0000_0000L, 1)).isEqualTo(Errno.EFAULT.neg());
        assertThat(bed.call(1, GnttabOp.GNTTABOP_setup_table.code, 0x10, 1)).isEqualTo(Errno.EFAULT.neg());
        assertThat(setup(1, 9, 1, LIST, 1)).isZero();
        assertThat(setupStatus()).isEqualTo(GNTST_bad_domain.code);
        assertThat(setup(1, 2, 1, LIST, 1)).isZero();
        assertThat(setupStatus()).isEqualTo(GNTST_permission_denied.code);
        assertThat(setup(1, 1, 65, LIST, 1)).isZero();
        assertThat(setupStatus()).isEqualTo(GNTST_general_error.code);
        assertThat(bed.table(1).nrGrantFrames()).isEqualTo(1);
        bed.guest.readOnlyFrom = LIST + 8;
        assertThat(setup(1, 1, 2, LIST, 1)).isZero();
        assertThat(setupStatus()).isEqualTo(GNTST_bad_virt_addr.code);
        bed.guest.readOnlyFrom = Long.MAX_VALUE;
        bed.mmu().sharedFramesLeft = 1;
        assertThat(setup(1, 1, 8, LIST, 1)).isZero();
        assertThat(setupStatus()).isEqualTo(GNTST_general_error.code);
        assertThat(bed.table(1).nrGrantFrames()).isEqualTo(2);
        // the control domain may set up another domain's table
        bed.mmu().sharedFramesLeft = -1;
        bed.guest.privileged = true;
        assertThat(setup(1, 2, 3, LIST, 1)).isZero();
        assertThat(setupStatus()).isZero();
        assertThat(bed.table(2).nrGrantFrames()).isEqualTo(3);
    }

    @Test
    void querySize() {
        long op = OP;
        bed.guest.put16(op + GnttabQuerySizeDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_query_size.code, op, 1)).isZero();
        assertThat(bed.guest.get32(op + GnttabQuerySizeDescriptor.NR_FRAMES_OFFSET))
                .isEqualTo(1);
        assertThat(bed.guest.get32(op + GnttabQuerySizeDescriptor.MAX_NR_FRAMES_OFFSET))
                .isEqualTo(64);
        assertThat(bed.guest.get16s(op + GnttabQuerySizeDescriptor.STATUS_OFFSET))
                .isZero();
        bed.guest.put16(op + GnttabQuerySizeDescriptor.DOM_OFFSET, 2);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_query_size.code, op, 1)).isZero();
        assertThat(bed.guest.get16s(op + GnttabQuerySizeDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_permission_denied.code);
        bed.guest.put16(op + GnttabQuerySizeDescriptor.DOM_OFFSET, 7);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_query_size.code, op, 1)).isZero();
        assertThat(bed.guest.get16s(op + GnttabQuerySizeDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_bad_domain.code);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_query_size.code, op, 2)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void setVersionChecksAndStatusFramesExistOnlyInV2() {
        assertThat(setVersion(1, 3)).isEqualTo(Errno.EINVAL.neg());
        assertThat(bed.guest.get32(OP)).isEqualTo(1);
        assertThat(setVersion(1, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(setVersion(1, 1)).isZero();
        assertThat(bed.table(1).nrStatusFrames()).isZero();
        assertThat(setVersion(1, 2)).isZero();
        assertThat(bed.guest.get32(OP)).isEqualTo(2);
        assertThat(bed.table(1).nrStatusFrames()).isEqualTo(1);
        assertThat(bed.table(1).nrGrantEntries()).isEqualTo(256);
        long status = bed.table(1).statusFrame(0);
        // growing in v2 keeps status frames in step: 8 grant frames need one status frame, 9 need two
        assertThat(setup(1, 1, 9, LIST, 1)).isZero();
        assertThat(bed.table(1).nrStatusFrames()).isEqualTo(2);
        assertThat(setVersion(1, 1)).isZero();
        assertThat(bed.table(1).nrStatusFrames()).isZero();
        assertThat(bed.mmu().frame(status)).isNull();
        bed.host.domains.get(2).maxGrantVersion = 1;
        GnttabTestBed b = bed;
        b.destroy(2);
        b.host.domains.add(2).maxGrantVersion = 1;
        b.domain(2);
        assertThat(setVersion(2, 2)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(bed.guest.get32(OP)).isEqualTo(1);
    }

    @Test
    void setVersionIsBusyWhileAnEntryIsInUse() {
        bed.frameOf(1, 0x500);
        bed.grant(1, 8, 2, 0x500, GTF_permit_access);
        assertThat(bed.map(2, 1, 8, GNTMAP_host_map | GNTMAP_readonly, 0x7000_0000L))
                .isZero();
        int h = bed.lastHandle;
        assertThat(setVersion(1, 2)).isEqualTo(Errno.EBUSY.neg());
        assertThat(bed.guest.get32(OP)).isEqualTo(1);
        assertThat(bed.table(1).nrStatusFrames()).isZero();
        assertThat(bed.unmap(2, h, 0x7000_0000L, 0)).isZero();
        // the reserved entries may stay in use
        bed.grant(1, 1, 2, 0x500, GTF_permit_access);
        assertThat(bed.map(2, 1, 1, GNTMAP_host_map | GNTMAP_readonly, 0x7000_0000L))
                .isZero();
        h = bed.lastHandle;
        assertThat(setVersion(1, 2)).isZero();
        // the reserved entry moved to v2 form, its status bits in the status frame
        assertThat(bed.flags(1, 1)).isEqualTo(GTF_permit_access);
        assertThat(bed.statusWord(1, 1)).isEqualTo(GTF_reading);
        assertThat(bed.core().entries().frame(bed.table(1), 1)).isEqualTo(0x500);
        assertThat(bed.core().entries().domid(bed.table(1), 1)).isEqualTo(2);
        bed.assertAudit();
        // and back: the status bits return into the v1 flags
        assertThat(setVersion(1, 1)).isZero();
        assertThat(bed.flags(1, 1)).isEqualTo(GTF_permit_access | GTF_reading);
        assertThat(bed.core().entries().frame(bed.table(1), 1)).isEqualTo(0x500);
        assertThat(bed.unmap(2, h, 0x7000_0000L, 0)).isZero();
        assertThat(bed.flags(1, 1)).isEqualTo(GTF_permit_access);
    }

    @Test
    void setVersionClearsNonReservedEntries() {
        bed.grant(1, 20, 2, 0x500, GTF_permit_access);
        assertThat(setVersion(1, 2)).isZero();
        assertThat(bed.flags(1, 20)).isZero();
    }

    @Test
    void v2ToV1RefusesUnrepresentableReservedEntriesAndMappedStatusFrames() {
        assertThat(setVersion(1, 2)).isZero();
        bed.grant(1, 2, 2, 1L << 33, GTF_permit_access);
        assertThat(setVersion(1, 1)).isEqualTo(Errno.ERANGE.neg());
        bed.grant(1, 2, 2, 0x500, GTF_transitive);
        assertThat(setVersion(1, 1)).isEqualTo(Errno.ERANGE.neg());
        bed.grant(1, 2, 0, 0, 0);
        assertThat(bed.table(1).version()).isEqualTo(2);
        // the guest maps its status frame (a reference beyond the allocation)
        FakeGrantMmu.Frame st = bed.mmu().frame(bed.table(1).statusFrame(0));
        st.count++;
        assertThat(setVersion(1, 1)).isEqualTo(Errno.EBUSY.neg());
        assertThat(bed.table(1).version()).isEqualTo(2);
        assertThat(bed.table(1).nrStatusFrames()).isEqualTo(1);
        st.count--;
        assertThat(setVersion(1, 1)).isZero();
    }

    @Test
    void aRefusedV2ToV1GivesBackTheStatusFramesItHadTakenUnchanged() {
        assertThat(setVersion(1, 2)).isZero();
        assertThat(setup(1, 1, 9, LIST, 1)).isZero();
        GrantTable gt = bed.table(1);
        assertThat(gt.nrStatusFrames()).isEqualTo(2);
        long s0 = gt.statusFrame(0);
        long s1 = gt.statusFrame(1);
        // the guest's words in status frame 0 (ref 300, which lives in frame 0 too), and a mapping of status frame 1
        bed.core().entries().setStatus(gt, 300, 0x1234);
        bed.mmu().frame(s1).count++;
        assertThat(setVersion(1, 1)).isEqualTo(Errno.EBUSY.neg());
        assertThat(gt.version()).isEqualTo(2);
        assertThat(gt.nrStatusFrames()).isEqualTo(2);
        assertThat(gt.statusFrame(0)).as("the same frame, shared again").isEqualTo(s0);
        assertThat(gt.statusFrame(1)).isEqualTo(s1);
        assertThat(bed.mmu().frame(s0).owner).isEqualTo(1);
        assertThat(bed.mmu().frame(s0).count).isEqualTo(1);
        assertThat(bed.core().entries().status(gt, 300)).isEqualTo(0x1234);
        bed.assertAudit();
        bed.mmu().frame(s1).count--;
        assertThat(setVersion(1, 1)).isZero();
        assertThat(bed.mmu().frame(s0)).isNull();
        assertThat(bed.mmu().frame(s1)).isNull();
    }

    @Test
    void getStatusFramesOnlyInV2() {
        bed.guest.put32(OP + GnttabGetStatusFramesDescriptor.NR_FRAMES_OFFSET, 1);
        bed.guest.put16(OP + GnttabGetStatusFramesDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        bed.guest.put64(OP + GnttabGetStatusFramesDescriptor.FRAME_LIST_OFFSET, LIST);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_status_frames.code, OP, 1)).isZero();
        assertThat(bed.guest.get16s(OP + GnttabGetStatusFramesDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_general_error.code);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_status_frames.code, OP, 2)).isEqualTo(Errno.EINVAL.neg());
        long op = OP;
        assertThat(setVersion(1, 2)).isZero();
        bed.guest.put32(op + GnttabGetStatusFramesDescriptor.NR_FRAMES_OFFSET, 1);
        bed.guest.put16(op + GnttabGetStatusFramesDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        bed.guest.put64(op + GnttabGetStatusFramesDescriptor.FRAME_LIST_OFFSET, LIST);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_status_frames.code, op, 1)).isZero();
        assertThat(bed.guest.get16s(op + GnttabGetStatusFramesDescriptor.STATUS_OFFSET))
                .isZero();
        assertThat(bed.guest.get64(LIST)).isEqualTo(bed.table(1).statusFrame(0));
        bed.guest.put16(op + GnttabGetStatusFramesDescriptor.DOM_OFFSET, 2);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_status_frames.code, op, 1)).isZero();
        assertThat(bed.guest.get16s(op + GnttabGetStatusFramesDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_permission_denied.code);
        bed.guest.put16(op + GnttabGetStatusFramesDescriptor.DOM_OFFSET, 5);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_status_frames.code, op, 1)).isZero();
        assertThat(bed.guest.get16s(op + GnttabGetStatusFramesDescriptor.STATUS_OFFSET))
                .isEqualTo(GNTST_bad_domain.code);
    }

    @Test
    void getVersion() {
        bed.guest.put16(OP + GnttabGetVersionDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_version.code, OP, 1)).isZero();
        assertThat(bed.guest.get32(OP + GnttabGetVersionDescriptor.VERSION_OFFSET))
                .isEqualTo(1);
        bed.guest.put16(OP + GnttabGetVersionDescriptor.DOM_OFFSET, 2);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_version.code, OP, 1)).isEqualTo(Errno.EPERM.neg());
        bed.guest.put16(OP + GnttabGetVersionDescriptor.DOM_OFFSET, 6);
        assertThat(bed.call(1, GnttabOp.GNTTABOP_get_version.code, OP, 1)).isEqualTo(Errno.ESRCH.neg());
    }

    int swap(int caller, int a, int b) {
        bed.guest.put32(OP + GnttabSwapGrantRefDescriptor.REF_A_OFFSET, a);
        bed.guest.put32(OP + GnttabSwapGrantRefDescriptor.REF_B_OFFSET, b);
        assertThat(bed.call(caller, GnttabOp.GNTTABOP_swap_grant_ref.code, OP, 1))
                .isZero();
        return bed.guest.get16s(OP + GnttabSwapGrantRefDescriptor.STATUS_OFFSET);
    }

    @Test
    void swapGrantRef() {
        bed.frameOf(1, 0x500);
        bed.grant(1, 8, 2, 0x500, GTF_permit_access);
        assertThat(swap(1, 8, 9)).isZero();
        assertThat(bed.flags(1, 8)).isZero();
        assertThat(bed.flags(1, 9)).isEqualTo(GTF_permit_access);
        assertThat(bed.core().entries().frame(bed.table(1), 9)).isEqualTo(0x500);
        assertThat(swap(1, 9, 9)).isZero();
        assertThat(swap(1, 9, 512)).isEqualTo(GNTST_bad_gntref.code);
        assertThat(swap(1, 512, 9)).isEqualTo(GNTST_bad_gntref.code);
        assertThat(bed.map(2, 1, 9, GNTMAP_host_map, 0x7000_0000L)).isZero();
        assertThat(swap(1, 9, 10)).isEqualTo(GNTST_eagain.code);
        assertThat(swap(1, 10, 9)).isEqualTo(GNTST_eagain.code);
        assertThat(bed.unmap(2, bed.lastHandle, 0x7000_0000L, 0)).isZero();
        // v2 swaps the status words too
        assertThat(setVersion(1, 2)).isZero();
        bed.grant(1, 20, 2, 0x500, GTF_permit_access);
        bed.core().entries().setStatus(bed.table(1), 21, 0);
        assertThat(swap(1, 20, 21)).isZero();
        assertThat(bed.flags(1, 21)).isEqualTo(GTF_permit_access);
        assertThat(bed.core().entries().frame(bed.table(1), 21)).isEqualTo(0x500);
    }
}
