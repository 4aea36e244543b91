package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** The central rule of the PV MMU: a page is a page table or writable, never both (INVARIANTS.md I2). */
class PageTableSafetyTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    private static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;

    private TestHost host;
    private TestGuest guest;
    private FrameTable frames;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        guest = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        frames = host.hv.machine().frames();
        host.auditAfterEveryHypercall();
    }

    /** A fresh page of the guest, made read-only in the initial mapping so it may become a page table. */
    private long readOnlyPage() {
        long pfn = guest.allocPfn();
        long mfn = guest.mfn(pfn);
        long rc = guest.call(Hypercall.update_va_mapping, guest.va(pfn), X86Paging.entry(mfn, RO), 0);
        assertThat(rc).isZero();
        return pfn;
    }

    @Test
    void bootstrapPageTablesArePinnedAndValidated() {
        long l4 = guest.l4Mfn();
        assertThat(frames.type(l4)).isEqualTo(PageType.PGT_l4_page_table);
        assertThat(frames.isPinned(l4)).isTrue();
        assertThat(frames.isValidated(l4)).isTrue();
        // the pin and vCPU 0's base each hold a type reference
        assertThat(frames.typeCount(l4)).isEqualTo(2);
        host.assertAudit();
    }

    @Test
    void mmuUpdateCannotMapAPageTableWritable() {
        long l1Pfn = guest.layout.l4Pfn() + guest.layout.nrPtFrames() - 1;
        long ptMfn = guest.mfn(l1Pfn);
        long entry = guest.l1EntryMaddr(guest.va(l1Pfn));
        long rc = guest.mmuUpdate(entry, X86Paging.entry(ptMfn, RW), DomId.DOMID_SELF);
        assertThat(rc).isEqualTo(Errno.EBUSY.neg());
        assertThat(frames.type(ptMfn)).isEqualTo(PageType.PGT_l1_page_table);
        host.assertNoViolationsAfterCalls();
    }

    @Test
    void updateVaMappingCannotMapAPageTableWritable() {
        long l4Pfn = guest.layout.l4Pfn();
        long rc = guest.call(Hypercall.update_va_mapping, guest.va(l4Pfn), X86Paging.entry(guest.mfn(l4Pfn), RW), 0);
        assertThat(rc).isEqualTo(Errno.EBUSY.neg());
        host.assertNoViolationsAfterCalls();
    }

    @Test
    void readOnlyLinearEntryIsAllowedButItsWritableFormIsNot() {
        long l4 = guest.l4Mfn();
        long slot = 300;
        long ptr = (l4 << X86Paging.PAGE_SHIFT) + slot * 8;
        assertThat(guest.mmuUpdate(ptr, X86Paging.entry(l4, RO), DomId.DOMID_SELF))
                .isZero();
        assertThat(guest.mmuUpdate(ptr, X86Paging.entry(l4, RW), DomId.DOMID_SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(guest.mmuUpdate(ptr, 0, DomId.DOMID_SELF)).isZero();
        host.assertNoViolationsAfterCalls();
    }

    @Test
    void writableMappedPageCannotBePinnedAsATable() {
        long pfn = guest.allocPfn();
        long mfn = guest.mfn(pfn);
        assertThat(frames.type(mfn)).isEqualTo(PageType.PGT_writable_page);
        long rc = guest.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE.code, mfn, 0, DomId.DOMID_SELF);
        assertThat(rc).isEqualTo(Errno.EINVAL.neg());
        assertThat(frames.isPinned(mfn)).isFalse();
        host.assertNoViolationsAfterCalls();
    }

    @Test
    void pinningTwiceIsRefusedAndUnpinRestoresCounts() {
        long pfn = readOnlyPage();
        long mfn = guest.mfn(pfn);
        int countBefore = frames.count(mfn);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE.code, mfn, 0, DomId.DOMID_SELF))
                .isZero();
        assertThat(frames.type(mfn)).isEqualTo(PageType.PGT_l1_page_table);
        assertThat(frames.typeCount(mfn)).isEqualTo(1);
        assertThat(frames.count(mfn)).isEqualTo(countBefore + 1);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE.code, mfn, 0, DomId.DOMID_SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(frames.typeCount(mfn)).isEqualTo(1);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE.code, mfn, 0, DomId.DOMID_SELF))
                .isZero();
        assertThat(frames.typeCount(mfn)).isZero();
        assertThat(frames.count(mfn)).isEqualTo(countBefore);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE.code, mfn, 0, DomId.DOMID_SELF))
                .isEqualTo(Errno.EINVAL.neg());
        host.assertNoViolationsAfterCalls();
    }

    @Test
    void newBaseptrMovesTheBaseReferences() {
        long oldL4 = guest.l4Mfn();
        // a second L4 mapping the same kernel half: the guest copies the bootstrap L4 into a page while it is
        // writable, then makes that page read-only and pins it
        long pfn = guest.allocPfn();
        guest.write(guest.va(pfn), guest.read(guest.va(guest.layout.l4Pfn()), X86Paging.PAGE_SIZE));
        assertThat(guest.call(Hypercall.update_va_mapping, guest.va(pfn), X86Paging.entry(guest.mfn(pfn), RO), 0))
                .isZero();
        long newL4 = guest.mfn(pfn);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_PIN_L4_TABLE.code, newL4, 0, DomId.DOMID_SELF))
                .isZero();
        int oldCount = frames.count(oldL4);
        int oldType = frames.typeCount(oldL4);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_NEW_BASEPTR.code, newL4, 0, DomId.DOMID_SELF))
                .isZero();
        assertThat(guest.vcpu().guestTable()).isEqualTo(newL4);
        assertThat(frames.typeCount(newL4)).isEqualTo(2);
        assertThat(frames.typeCount(oldL4)).isEqualTo(oldType - 1);
        assertThat(frames.count(oldL4)).isEqualTo(oldCount - 1);
        assertThat(guest.mmuext(MmuextCmd.MMUEXT_NEW_BASEPTR.code, oldL4, 0, DomId.DOMID_SELF))
                .isZero();
        assertThat(frames.typeCount(oldL4)).isEqualTo(oldType);
        assertThat(frames.typeCount(newL4)).isEqualTo(1);
        host.assertNoViolationsAfterCalls();
    }
}
