package org.pvsim.gnttab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GnttabUnmapAndReplaceDescriptor;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;

/**
 * Regression (RandomizedGrantMmuTest seeds 1 and 42): a handle stranded by an implicit unmap outlives its granter, as
 * in Xen. The mapper calls {@code unmap_and_replace} with {@code new_addr} equal to the mapping's own address: {@code
 * steal_linear_address} takes the grant PTE, the PTE at {@code host_addr} (now empty) no longer matches the frame,
 * and {@code replace_grant_pv_mapping} fails with GNTST_general_error after dropping the stolen entry's references
 * ({@code put_page_from_l1e}). The handle stays, its pin too, but no reference holds the granter's frame: the granter,
 * killed, is destroyed at once and its table goes while the handle still names it. Xen allows it ({@code
 * unmap_common}: "This can happen when a grant is implicitly unmapped"); the audit must not report it, nor count the
 * stranded handle against a new domain given the same domid, and the mapper's death must leave that stranger alone.
 */
class StrandedHandleTest {
    static final int GRANTER = 1;
    static final int MAPPER = 2;
    static final int REF = 8;

    final GrantTables gt = new GrantTables();
    final Hypervisor hv = HostBoot.boot(RealHypervisorTest.PARAMS, Journal.OFF, List.of(gt));

    StrandedHandleTest() {
        PvDomainBuilder.build(hv, GRANTER, false, 512, 1, "pvsim-pv", "");
        PvDomainBuilder.build(hv, MAPPER, false, 512, 1, "pvsim-pv", "");
    }

    StartOfDayLayout layout(int domid) {
        return StartOfDayLayout.plan(hv.domains().get(domid).totPages(), domid != 0);
    }

    long mfn(int domid, long pfn) {
        byte[] b = new byte[8];
        hv.guestRead(hv.vcpu(domid, 0), StartOfDayLayout.va(layout(domid).p2mPfn()) + 8 * pfn, b, 0, 8);
        return LittleEndian.getI64(b, 0);
    }

    /** The guest's op structure in its scratch page, the call, the structure back. */
    byte[] op(int domid, GnttabOp op, byte[] s) {
        long va = StartOfDayLayout.va(layout(domid).firstFreePfn() + 100);
        Vcpu v = hv.vcpu(domid, 0);
        hv.guestWrite(v, hv.now(), va, s, 0, s.length);
        assertThat(hv.hypercall(v, hv.now(), Hypercall.grant_table_op.number, op.code, va, 1, 0, 0))
                .isZero();
        hv.guestRead(v, va, s, 0, s.length);
        return s;
    }

    void assertAudit() {
        assertThat(new Auditor(hv).audit()).isEmpty();
        assertThat(hv.bugs()).isEmpty();
    }

    @Test
    void anImplicitlyUnmappedHandleOutlivesItsDestroyedGranterAsInXen() {
        // the granter grants a page of its own to the mapper, which maps it writable at target
        long frame = mfn(GRANTER, layout(GRANTER).firstFreePfn());
        GrantTable rgt = gt.core().tables().get(GRANTER);
        gt.core().entries().setDomid(rgt, REF, MAPPER);
        gt.core().entries().setFrame(rgt, REF, frame);
        gt.core().entries().setFlags(rgt, REF, GTF_permit_access);
        long target = StartOfDayLayout.va(layout(MAPPER).firstFreePfn());
        byte[] m = new byte[GnttabMapGrantRefDescriptor.SIZE];
        LittleEndian.putI64(m, GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET, target);
        LittleEndian.putI32(m, GnttabMapGrantRefDescriptor.FLAGS_OFFSET, GNTMAP_host_map);
        LittleEndian.putI32(m, GnttabMapGrantRefDescriptor.REF_OFFSET, REF);
        LittleEndian.putU16(m, GnttabMapGrantRefDescriptor.DOM_OFFSET, GRANTER);
        op(MAPPER, GnttabOp.GNTTABOP_map_grant_ref, m);
        assertThat(LittleEndian.getU16(m, GnttabMapGrantRefDescriptor.STATUS_OFFSET))
                .isZero();
        int handle = LittleEndian.getI32(m, GnttabMapGrantRefDescriptor.HANDLE_OFFSET);
        int count = hv.machine().frames().count(frame);
        assertAudit();

        // unmap_and_replace with new_addr == host_addr: the grant PTE is stolen, the match fails, its refs go
        byte[] r = new byte[GnttabUnmapAndReplaceDescriptor.SIZE];
        LittleEndian.putI64(r, GnttabUnmapAndReplaceDescriptor.HOST_ADDR_OFFSET, target);
        LittleEndian.putI64(r, GnttabUnmapAndReplaceDescriptor.NEW_ADDR_OFFSET, target);
        LittleEndian.putI32(r, GnttabUnmapAndReplaceDescriptor.HANDLE_OFFSET, handle);
        op(MAPPER, GnttabOp.GNTTABOP_unmap_and_replace, r);
        assertThat((short) LittleEndian.getU16(r, GnttabUnmapAndReplaceDescriptor.STATUS_OFFSET))
                .isEqualTo((short) GnttabStatus.GNTST_general_error.code);
        assertThat(X86Paging.isPresent(readPte(MAPPER, target))).isFalse();
        assertThat(hv.machine().frames().count(frame)).isEqualTo(count - 1);
        assertThat(gt.core().tables().get(MAPPER).maptrack().isInUse(handle)).isTrue();
        assertThat(rgt.active().pin(REF)).as("the pin stays with the handle").isNotZero();
        assertAudit();

        // the granter dies: nothing holds its frame any more, so it is destroyed, table and all
        hv.lifecycle().kill(hv.domains().get(GRANTER), hv.now());
        assertThat(hv.domains().get(GRANTER)).isNull();
        assertThat(gt.core().tables().get(GRANTER)).isNull();
        assertAudit();

        // the handle cannot be unmapped (Xen crashes the mapper: "naughty"; pvsim refuses)
        byte[] u = new byte[GnttabUnmapGrantRefDescriptor.SIZE];
        LittleEndian.putI64(u, GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET, target);
        LittleEndian.putI32(u, GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, handle);
        op(MAPPER, GnttabOp.GNTTABOP_unmap_grant_ref, u);
        assertThat((short) LittleEndian.getU16(u, GnttabUnmapGrantRefDescriptor.STATUS_OFFSET))
                .isEqualTo((short) GnttabStatus.GNTST_general_error.code);
        assertAudit();

        // a new domain takes the granter's domid: the stranded handle holds none of its pins
        PvDomainBuilder.build(hv, GRANTER, false, 512, 1, "pvsim-pv", "");
        GrantTable fresh = gt.core().tables().get(GRANTER);
        assertThat(fresh).isNotSameAs(rgt);
        assertThat(fresh.active().pin(REF)).isZero();
        assertAudit();

        // and the mapper's death leaves the stranger's entry alone
        hv.lifecycle().kill(hv.domains().get(MAPPER), hv.now());
        assertThat(fresh.active().pin(REF)).isZero();
        assertAudit();
    }

    long readPte(int domid, long va) {
        long table = hv.vcpu(domid, 0).guestTable();
        for (int level = 4; level >= 2; level--) {
            table = X86Paging.mfn(hv.machine().memory().read64(table, X86Paging.tableIndex(va, level) * 8));
        }
        return hv.machine().memory().read64(table, X86Paging.tableIndex(va, 1) * 8);
    }
}
