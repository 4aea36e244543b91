package org.pvsim.gnttab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;

/**
 * Grant tables installed in the real hypervisor (HostBoot, the PV MMU's GrantMmu, the auditor): grant PTEs and page
 * references through the real frame table, the page-table/writable-grant exclusion, and death of mapper and granter,
 * with the whole auditor after every step.
 */
class RealHypervisorTest {
    static final BootParameters PARAMS =
            new BootParameters("test", "gnttab", 1, 1, 8192, "rr", 1024, 1, "pvsim-pv", "");
    static final int GRANTER = 1;
    static final int MAPPER = 2;
    static final int REF = 8;

    final GrantTables gt = new GrantTables();
    final Hypervisor hv = HostBoot.boot(PARAMS, Journal.OFF, List.of(gt));
    /** The next free pfn of each domain. */
    final long[] nextPfn = new long[3];

    RealHypervisorTest() {
        PvDomainBuilder.build(hv, GRANTER, false, 512, 1, "pvsim-pv", "");
        PvDomainBuilder.build(hv, MAPPER, false, 512, 1, "pvsim-pv", "");
        for (int d = 1; d <= 2; d++) {
            nextPfn[d] = layout(d).firstFreePfn();
        }
    }

    StartOfDayLayout layout(int domid) {
        return StartOfDayLayout.plan(hv.domains().get(domid).totPages(), domid != 0);
    }

    long allocPfn(int domid) {
        return nextPfn[domid]++;
    }

    long read64(int domid, long va) {
        byte[] b = new byte[8];
        hv.guestRead(hv.vcpu(domid, 0), va, b, 0, 8);
        return LittleEndian.getI64(b, 0);
    }

    long mfn(int domid, long pfn) {
        return read64(domid, StartOfDayLayout.va(layout(domid).p2mPfn()) + 8 * pfn);
    }

    long call(int domid, int op, long a1, long a2, long a3) {
        Vcpu v = hv.vcpu(domid, 0);
        return hv.hypercall(v, hv.now(), op, a1, a2, a3, 0, 0);
    }

    /** A scratch page of {@code domid} for hypercall structures. */
    long scratch(int domid) {
        return StartOfDayLayout.va(layout(domid).firstFreePfn() + 100);
    }

    void assertAudit() {
        assertThat(new Auditor(hv).audit()).isEmpty();
        assertThat(hv.bugs()).isEmpty();
    }

    int map(int mapper, int dom, int ref, int flags, long hostAddr, long[] out) {
        byte[] s = new byte[GnttabMapGrantRefDescriptor.SIZE];
        LittleEndian.putI64(s, GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET, hostAddr);
        LittleEndian.putI32(s, GnttabMapGrantRefDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putI32(s, GnttabMapGrantRefDescriptor.REF_OFFSET, ref);
        LittleEndian.putU16(s, GnttabMapGrantRefDescriptor.DOM_OFFSET, dom);
        long va = scratch(mapper);
        Vcpu v = hv.vcpu(mapper, 0);
        hv.guestWrite(v, hv.now(), va, s, 0, s.length);
        assertThat(call(mapper, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_map_grant_ref.code, va, 1))
                .isZero();
        hv.guestRead(v, va, s, 0, s.length);
        if (out != null) {
            out[0] = LittleEndian.getI32(s, GnttabMapGrantRefDescriptor.HANDLE_OFFSET);
            out[1] = LittleEndian.getI64(s, GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET);
        }
        return (short) LittleEndian.getU16(s, GnttabMapGrantRefDescriptor.STATUS_OFFSET);
    }

    int unmap(int mapper, long handle, long hostAddr, long devBusAddr) {
        byte[] s = new byte[GnttabUnmapGrantRefDescriptor.SIZE];
        LittleEndian.putI64(s, GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET, hostAddr);
        LittleEndian.putI64(s, GnttabUnmapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, devBusAddr);
        LittleEndian.putI32(s, GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, (int) handle);
        long va = scratch(mapper);
        Vcpu v = hv.vcpu(mapper, 0);
        hv.guestWrite(v, hv.now(), va, s, 0, s.length);
        assertThat(call(mapper, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_unmap_grant_ref.code, va, 1))
                .isZero();
        hv.guestRead(v, va, s, 0, s.length);
        return (short) LittleEndian.getU16(s, GnttabUnmapGrantRefDescriptor.STATUS_OFFSET);
    }

    long mmuext(int domid, MmuextCmd cmd, long arg1) {
        byte[] s = new byte[MmuextOpDescriptor.SIZE];
        LittleEndian.putI32(s, MmuextOpDescriptor.CMD_OFFSET, cmd.code);
        LittleEndian.putI64(s, MmuextOpDescriptor.ARG1_OFFSET, arg1);
        long va = scratch(domid) + 0x800;
        hv.guestWrite(hv.vcpu(domid, 0), hv.now(), va, s, 0, s.length);
        return hv.hypercall(hv.vcpu(domid, 0), hv.now(), Hypercall.mmuext_op.number, va, 1, 0, 0x7FF0, 0);
    }

    /** The granter grants a free page of its own to the mapper: the frame. */
    long grantPage(int ref, int flags) {
        long pfn = allocPfn(GRANTER);
        long frame = mfn(GRANTER, pfn);
        GrantTable t = gt.core().tables().get(GRANTER);
        gt.core().entries().setDomid(t, ref, MAPPER);
        gt.core().entries().setFrame(t, ref, frame);
        gt.core().entries().setFlags(t, ref, flags);
        return pfn;
    }

    /** The granter makes its own mapping of {@code pfn} read-only, as it must before pinning it as a page table. */
    void granterMapsReadOnly(long pfn) {
        long rc = call(
                GRANTER,
                Hypercall.update_va_mapping.number,
                StartOfDayLayout.va(pfn),
                X86Paging.entry(mfn(GRANTER, pfn), StartOfDayLayout.L1_PROT_RO),
                0);
        assertThat(rc).isZero();
    }

    @Test
    void everyDomainGetsATableAndTheHostMapSharesTheFrame() {
        assertThat(hv.installedSubsystems()).contains("grant-tables");
        for (int d = 0; d <= 2; d++) {
            assertThat(gt.core().tables().get(d)).as("d%d", d).isNotNull();
        }
        long pfn = grantPage(REF, GTF_permit_access);
        long frame = mfn(GRANTER, pfn);
        long target = StartOfDayLayout.va(allocPfn(MAPPER));
        long[] out = new long[2];
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_host_map, target, out)).isZero();
        assertThat(out[1]).isEqualTo(frame << 12);
        assertAudit();
        // the mapper writes through the grant PTE; the granter reads it
        byte[] b = new byte[8];
        LittleEndian.putI64(b, 0, 0x1234_5678L);
        hv.guestWrite(hv.vcpu(MAPPER, 0), hv.now(), target + 64, b, 0, 8);
        assertThat(read64(GRANTER, StartOfDayLayout.va(pfn) + 64)).isEqualTo(0x1234_5678L);
        GrantTable t = gt.core().tables().get(GRANTER);
        assertThat(gt.core().entries().flags(t, REF)).isEqualTo(GTF_permit_access | GTF_reading | GTF_writing);
        assertThat(unmap(MAPPER, out[0], target, 0)).isZero();
        assertThat(unmap(MAPPER, out[0], target, 0)).isEqualTo(GnttabStatus.GNTST_bad_handle.code);
        assertThat(gt.core().entries().flags(t, REF)).isEqualTo(GTF_permit_access);
        assertAudit();
    }

    @Test
    void aWritablyGrantedFrameCannotBePinnedEvenAfterAPartialUnmap() {
        long pfn = grantPage(REF, GTF_permit_access);
        long frame = mfn(GRANTER, pfn);
        long target = StartOfDayLayout.va(allocPfn(MAPPER));
        long[] out = new long[2];
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_device_map, target, out))
                .isZero();
        granterMapsReadOnly(pfn);
        assertAudit();
        assertThat(mmuext(GRANTER, MmuextCmd.MMUEXT_PIN_L1_TABLE, frame)).isEqualTo(Errno.EINVAL.neg());
        // the host part goes; the device part still holds a writable type
        assertThat(unmap(MAPPER, out[0], target, 0)).isZero();
        assertAudit();
        assertThat(mmuext(GRANTER, MmuextCmd.MMUEXT_PIN_L1_TABLE, frame)).isEqualTo(Errno.EINVAL.neg());
        assertThat(unmap(MAPPER, out[0], 0, frame << 12)).isZero();
        assertAudit();
        assertThat(mmuext(GRANTER, MmuextCmd.MMUEXT_PIN_L1_TABLE, frame)).isZero();
        assertAudit();
        // and now the page table cannot be mapped writable through the grant, only read-only
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_host_map, target, out))
                .isEqualTo(GnttabStatus.GNTST_general_error.code);
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_device_map, 0, out))
                .isEqualTo(GnttabStatus.GNTST_general_error.code);
        assertAudit();
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_readonly, target, out))
                .isZero();
        assertAudit();
        assertThat(unmap(MAPPER, out[0], target, 0)).isZero();
        assertThat(mmuext(GRANTER, MmuextCmd.MMUEXT_UNPIN_TABLE, frame)).isZero();
        assertAudit();
    }

    @Test
    void theMappersDeathReleasesItsMappings() {
        long pfn = grantPage(REF, GTF_permit_access);
        long target = StartOfDayLayout.va(allocPfn(MAPPER));
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_host_map | GNTMAP_device_map, target, null))
                .isZero();
        assertAudit();
        Domain mapper = hv.domains().get(MAPPER);
        hv.lifecycle().kill(mapper, hv.now());
        GrantTable t = gt.core().tables().get(GRANTER);
        assertThat(t.active().pin(REF)).isZero();
        assertThat(gt.core().entries().flags(t, REF)).isEqualTo(GTF_permit_access);
        assertThat(hv.domains().get(MAPPER)).isNull();
        assertThat(gt.core().tables().get(MAPPER)).isNull();
        // the granter can pin its frame now: no writable reference is left
        granterMapsReadOnly(pfn);
        assertThat(mmuext(GRANTER, MmuextCmd.MMUEXT_PIN_L1_TABLE, mfn(GRANTER, pfn)))
                .isZero();
        assertAudit();
    }

    @Test
    void theGrantersDeathWaitsForTheLastMapping() {
        long pfn = grantPage(REF, GTF_permit_access);
        long frame = mfn(GRANTER, pfn);
        long target = StartOfDayLayout.va(allocPfn(MAPPER));
        long[] out = new long[2];
        assertThat(map(MAPPER, GRANTER, REF, GNTMAP_host_map, target, out)).isZero();
        Domain granter = hv.domains().get(GRANTER);
        hv.lifecycle().kill(granter, hv.now());
        assertThat(hv.domains().get(GRANTER))
                .as("a zombie until its frame is unmapped")
                .isNotNull();
        assertThat(gt.core().tables().get(GRANTER)).isNotNull();
        assertAudit();
        // the mapper still reads the frame
        assertThat(read64(MAPPER, target)).isEqualTo(read64(MAPPER, target));
        assertThat(unmap(MAPPER, out[0], target, 0)).isZero();
        assertThat(hv.domains().get(GRANTER)).isNull();
        assertThat(gt.core().tables().get(GRANTER)).isNull();
        assertThat(hv.pageRefs().frames().owner(frame)).isNotEqualTo(GRANTER);
        assertAudit();
    }
}
