package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code mmuext_op} ({@code do_mmuext_op}, {@code xen/arch/x86/mm.c}): pins, base pointers, flushes, the LDT, page
 * clearing and copying, and every error code; failing single operations change nothing (I15).
 */
class MmuextOpTest extends AuditedHostTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    private static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;
    private static final int SELF = DomId.DOMID_SELF;

    /** One operation made with no {@code pdone} and checked to change nothing (a failing one, or a flush). */
    private long withoutEffect(TestGuest g, int cmd, long arg1, long arg2, int foreigndom) {
        long ops = g.mmuextOps(new int[] {cmd}, new long[] {arg1}, new long[] {arg2});
        return host.assertNoEffect(() -> g.call(Hypercall.mmuext_op, ops, 1, 0, foreigndom, 0));
    }

    private long withoutEffect(TestGuest g, MmuextCmd cmd, long arg1, long arg2) {
        return withoutEffect(g, cmd.code, arg1, arg2, SELF);
    }

    /** A read-only copy of {@code g}'s bootstrap L4: a second root for the same address space. */
    private static long l4Copy(TestGuest g) {
        long pfn = g.allocPfn();
        g.write(g.va(pfn), g.read(g.va(g.layout.l4Pfn()), X86Paging.PAGE_SIZE));
        assertThat(g.updateVaMapping(g.va(pfn), X86Paging.entry(g.mfn(pfn), RO), 0))
                .isZero();
        return g.mfn(pfn);
    }

    // ------------------------------------------------------------------------------------------------ pins

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void pinTakesATypeAndAGeneralReferenceAndUnpinDropsThem(int level) {
        long mfn = d1.mfn(d1.readOnlyPfn());
        int count = frames.count(mfn);
        MmuextCmd pin = MmuextCmd.ofCode(MmuextCmd.MMUEXT_PIN_L1_TABLE.code + level - 1);

        assertThat(d1.mmuext(pin, mfn, 0)).isZero();

        assertThat(frames.type(mfn)).isEqualTo(PageType.pageTable(level));
        assertThat(frames.isPinned(mfn)).isTrue();
        assertThat(frames.isValidated(mfn)).isTrue();
        assertThat(frames.typeCount(mfn)).isEqualTo(1);
        assertThat(frames.count(mfn)).isEqualTo(count + 1);

        assertThat(withoutEffect(d1, pin, mfn, 0)).as("a second pin").isEqualTo(Errno.EINVAL.neg());

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE, mfn, 0)).isZero();

        assertThat(frames.isPinned(mfn)).isFalse();
        assertThat(frames.typeCount(mfn)).isZero();
        assertThat(frames.isValidated(mfn)).isFalse();
        assertThat(frames.count(mfn)).isEqualTo(count);
    }

    @Test
    void pinOfAFrameTheForeignDomainDoesNotOwnIsEinval() {
        long foreign = d2.mfn(d2.readOnlyPfn());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_PIN_L1_TABLE, foreign, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(
                        d1, MmuextCmd.MMUEXT_PIN_L1_TABLE, host.hv.machine().nrFrames(), 0))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_PIN_L1_TABLE, -1, 0)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void pinOfATableAsAnotherLevelIsEinval() {
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_PIN_L2_TABLE, d1.firstL1Mfn(), 0))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_PIN_L3_TABLE, d1.l4Mfn(), 0))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void pinReturnsTheErrorThatFailedValidation() {
        long pfn = d1.allocPfn();
        d1.write64(d1.va(pfn) + 8, X86Paging.entry(d2.mfn(d2.allocPfn()), RO));
        assertThat(d1.updateVaMapping(d1.va(pfn), X86Paging.entry(d1.mfn(pfn), RO), 0))
                .isZero();

        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_PIN_L1_TABLE, d1.mfn(pfn), 0))
                .isEqualTo(Errno.EBUSY.neg());
        assertThat(frames.isPinned(d1.mfn(pfn))).isFalse();
    }

    @Test
    void privilegedCallerPinsAndUnpinsATableOfTheForeignDomainItNames() {
        long mfn = d1.mfn(d1.readOnlyPfn());

        assertThat(dom0.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE.code, mfn, 0, 1)).isZero();
        assertThat(frames.isPinned(mfn)).isTrue();
        assertThat(withoutEffect(dom0, MmuextCmd.MMUEXT_PIN_L1_TABLE.code, mfn, 0, SELF))
                .as("not dom0's frame")
                .isEqualTo(Errno.EINVAL.neg());

        assertThat(dom0.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE.code, mfn, 0, 1)).isZero();
        assertThat(frames.isPinned(mfn)).isFalse();
    }

    @Test
    void unpinOfATableThatIsNotPinnedIsEinval() {
        long mfn = d1.mfn(d1.readOnlyPfn());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_UNPIN_TABLE, mfn, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_UNPIN_TABLE, d1.firstL1Mfn(), 0))
                .as("in use, but not pinned")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_UNPIN_TABLE, d2.l4Mfn(), 0))
                .as("pinned, but not the caller's")
                .isEqualTo(Errno.EINVAL.neg());
    }

    // ------------------------------------------------------------------------------------------------ base pointers

    @Test
    void newBaseptrWithAForeignDomainIsEperm() {
        assertThat(withoutEffect(dom0, MmuextCmd.MMUEXT_NEW_BASEPTR.code, d1.l4Mfn(), 0, 1))
                .isEqualTo(Errno.EPERM.neg());
        assertThat(withoutEffect(dom0, MmuextCmd.MMUEXT_NEW_USER_BASEPTR.code, d1.l4Mfn(), 0, 1))
                .isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void newBaseptrToAFrameThatCannotBeTheCallersL4IsEinval() {
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_NEW_BASEPTR, d1.mfn(d1.allocPfn()), 0))
                .as("a writable data page")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_NEW_BASEPTR, d1.firstL1Mfn(), 0))
                .as("an L1")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_NEW_BASEPTR, d2.l4Mfn(), 0))
                .as("another domain's L4")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(
                        d1, MmuextCmd.MMUEXT_NEW_BASEPTR, host.hv.machine().nrFrames() + 5, 0))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void newBaseptrToTheCurrentBaseChangesNothing() {
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_NEW_BASEPTR, d1.l4Mfn(), 0))
                .isZero();
    }

    @Test
    void newBaseptrValidatesAnUnpinnedL4AndTheOldBaseKeepsItsPin() {
        long oldL4 = d1.l4Mfn();
        long newL4 = l4Copy(d1);
        int oldType = frames.typeCount(oldL4);

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_NEW_BASEPTR, newL4, 0)).isZero();

        assertThat(d1.vcpu().guestTable()).isEqualTo(newL4);
        assertThat(frames.type(newL4)).isEqualTo(PageType.PGT_l4_page_table);
        assertThat(frames.typeCount(newL4)).isEqualTo(1);
        assertThat(frames.typeCount(oldL4)).isEqualTo(oldType - 1);
        assertThat(frames.isPinned(oldL4)).isTrue();
        // the new root maps the same memory
        assertThat(d1.read64(d1.va(d1.layout.p2mPfn()))).isEqualTo(d1.mfn(0));

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_NEW_BASEPTR, oldL4, 0)).isZero();
        assertThat(frames.typeCount(newL4))
                .as("the last reference: devalidated")
                .isZero();
        assertThat(frames.isValidated(newL4)).isFalse();
    }

    @Test
    void newUserBaseptrInstallsAndZeroRemovesTheUserRoot() {
        long userL4 = l4Copy(d1);
        int count = frames.count(userL4);

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_NEW_USER_BASEPTR, userL4, 0)).isZero();
        assertThat(d1.vcpu().guestTableUser()).isEqualTo(userL4);
        assertThat(frames.typeCount(userL4)).isEqualTo(1);
        assertThat(frames.count(userL4)).isEqualTo(count + 1);

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_NEW_USER_BASEPTR, 0, 0)).isZero();
        assertThat(d1.vcpu().guestTableUser()).isEqualTo(Vcpu.NO_BASE);
        assertThat(frames.typeCount(userL4)).isZero();
        assertThat(frames.count(userL4)).isEqualTo(count);

        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_NEW_USER_BASEPTR, d1.firstL1Mfn(), 0))
                .isEqualTo(Errno.EINVAL.neg());
    }

    // ------------------------------------------------------------------------------------------------ flushes

    @ParameterizedTest
    @EnumSource(
            value = MmuextCmd.class,
            names = {"MMUEXT_TLB_FLUSH_LOCAL", "MMUEXT_INVLPG_LOCAL", "MMUEXT_TLB_FLUSH_ALL", "MMUEXT_INVLPG_ALL"})
    void flushSucceedsForTheCallerAndIsEpermForAForeignDomain(MmuextCmd cmd) {
        assertThat(withoutEffect(d1, cmd, d1.va(0), 0)).isZero();
        assertThat(withoutEffect(dom0, cmd.code, dom0.va(0), 0, 1)).isEqualTo(Errno.EPERM.neg());
    }

    @ParameterizedTest
    @EnumSource(
            value = MmuextCmd.class,
            names = {"MMUEXT_TLB_FLUSH_MULTI", "MMUEXT_INVLPG_MULTI"})
    void multiFlushReadsTheVcpuMaskAndABadMaskPointerIsEinval(MmuextCmd cmd) {
        long mask = d1.scratch(8);
        d1.write64(mask, 1);
        assertThat(d1.mmuext(cmd, d1.va(0), mask)).isZero();
        assertThat(withoutEffect(d1, cmd, d1.va(0), GuestAddresses.UNMAPPED)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, cmd, d1.va(0), GuestAddresses.XEN_RANGE)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, cmd.code, 0, mask, 1)).isEqualTo(Errno.EPERM.neg());
    }

    @ParameterizedTest
    @EnumSource(
            value = MmuextCmd.class,
            names = {"MMUEXT_FLUSH_CACHE", "MMUEXT_FLUSH_CACHE_GLOBAL"})
    void cacheFlushNeedsCacheFlushPermission(MmuextCmd cmd) {
        assertThat(dom0.mmuext(cmd, 0, 0)).as("the hardware domain").isZero();
        assertThat(withoutEffect(d1, cmd, 0, 0)).isEqualTo(Errno.EACCES.neg());
        assertThat(withoutEffect(dom0, cmd.code, 0, 0, 1)).isEqualTo(Errno.EPERM.neg());
    }

    // ------------------------------------------------------------------------------------------------ LDT

    @Test
    void setLdtChecksItsArguments() {
        long base = d1.va(d1.allocPfn());
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_SET_LDT, 0, 0)).isZero();
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_SET_LDT, base, 8192)).isZero();
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_SET_LDT, GuestAddresses.XEN_RANGE, 0))
                .as("no entries: the base is not looked at")
                .isZero();
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_SET_LDT, base, 8193)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_SET_LDT, base + 8, 1)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_SET_LDT, GuestAddresses.XEN_RANGE, 1))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_SET_LDT, GuestAddresses.NON_CANONICAL, 1))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, MmuextCmd.MMUEXT_SET_LDT.code, base, 1, 1))
                .isEqualTo(Errno.EPERM.neg());
    }

    // ------------------------------------------------------------------------------------------------ clear, copy

    @Test
    void clearPageZeroesAFrameOfTheForeignDomain() {
        long pfn = d1.allocPfn();
        d1.write64(d1.va(pfn) + 100, 0x77);

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_CLEAR_PAGE, d1.mfn(pfn), 0)).isZero();
        assertThat(d1.read64(d1.va(pfn) + 100)).isZero();

        d1.write64(d1.va(pfn) + 100, 0x88);
        assertThat(dom0.mmuext(MmuextCmd.MMUEXT_CLEAR_PAGE.code, d1.mfn(pfn), 0, 1))
                .isZero();
        assertThat(d1.read64(d1.va(pfn) + 100)).isZero();
    }

    @Test
    void clearPageOfAPageTableOrAForeignFrameIsEinval() {
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_CLEAR_PAGE, d1.firstL1Mfn(), 0))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_CLEAR_PAGE, d2.mfn(d2.allocPfn()), 0))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(
                        d1, MmuextCmd.MMUEXT_CLEAR_PAGE, host.hv.machine().nrFrames(), 0))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void copyPageCopiesTheSourceIntoTheDestination() {
        long src = d1.allocPfn();
        long dst = d1.allocPfn();
        d1.write64(d1.va(src) + 16, 0xC0FFEE);

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_COPY_PAGE, d1.mfn(dst), d1.mfn(src)))
                .isZero();

        assertThat(d1.read64(d1.va(dst) + 16)).isEqualTo(0xC0FFEE);
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_COPY_PAGE, d1.mfn(dst), d1.firstL1Mfn()))
                .as("a page table may be the source")
                .isZero();
    }

    @Test
    void copyPageFromOrToAFrameItMayNotUseIsEinval() {
        long page = d1.mfn(d1.allocPfn());
        long foreign = d2.mfn(d2.allocPfn());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_COPY_PAGE, page, foreign)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_COPY_PAGE, foreign, page)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_COPY_PAGE, d1.firstL1Mfn(), page))
                .as("a page table as the destination")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(
                        d1, MmuextCmd.MMUEXT_COPY_PAGE, host.hv.machine().nrFrames(), page))
                .isEqualTo(Errno.EINVAL.neg());
    }

    // ------------------------------------------------------------------------------------------------ other errors

    @ParameterizedTest
    @EnumSource(
            value = MmuextCmd.class,
            names = {"MMUEXT_MARK_SUPER", "MMUEXT_UNMARK_SUPER"})
    void superpageMarkingIsEopnotsupp(MmuextCmd cmd) {
        assertThat(withoutEffect(d1, cmd, d1.mfn(d1.allocPfn()), 0)).isEqualTo(Errno.EOPNOTSUPP.neg());
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 22, 100, 0x7FFF_FFFF, -1})
    void unknownCommandIsEnosys(int cmd) {
        assertThat(withoutEffect(d1, cmd, 0, 0, SELF)).isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void batchStopsAtTheFirstErrorAndPdoneCountsWhatWasDone() {
        long a = d1.mfn(d1.readOnlyPfn());
        long b = d1.mfn(d1.readOnlyPfn());
        long pdone = d1.scratch(8);

        long rc = d1.mmuext(
                new int[] {MmuextCmd.MMUEXT_PIN_L1_TABLE.code, 99, MmuextCmd.MMUEXT_PIN_L1_TABLE.code},
                new long[] {a, 0, b},
                new long[] {0, 0, 0},
                SELF,
                pdone);

        assertThat(rc).isEqualTo(Errno.ENOSYS.neg());
        assertThat(d1.read32(pdone)).isEqualTo(1);
        assertThat(frames.isPinned(a)).isTrue();
        assertThat(frames.isPinned(b)).isFalse();
    }

    @Test
    void pdoneCountsEveryOperationOfASuccessfulBatch() {
        long pdone = d1.scratch(8);
        long rc = d1.mmuext(
                new int[] {MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL.code, MmuextCmd.MMUEXT_INVLPG_LOCAL.code},
                new long[] {0, d1.va(0)},
                new long[] {0, 0},
                SELF,
                pdone);
        assertThat(rc).isZero();
        assertThat(d1.read32(pdone)).isEqualTo(2);
    }

    @Test
    void unknownOrOwnForeignDomainIsEsrch() {
        assertThat(withoutEffect(dom0, MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL.code, 0, 0, 0x6000))
                .isEqualTo(Errno.ESRCH.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL.code, 0, 0, 1))
                .isEqualTo(Errno.ESRCH.neg());
    }

    @Test
    void domUNamingAnotherDomainIsEpermBeforeAnyOperation() {
        long mfn = d2.mfn(d2.readOnlyPfn());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_PIN_L1_TABLE.code, mfn, 0, 2))
                .isEqualTo(Errno.EPERM.neg());
        assertThat(withoutEffect(d1, MmuextCmd.MMUEXT_TLB_FLUSH_LOCAL.code, 0, 0, DomId.DOMID_IO))
                .isEqualTo(Errno.EPERM.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL})
    void badOperationPointerIsEfault(long ops) {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.mmuext_op, ops, 1, 0, SELF, 0)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void writableMappingOfAPinnedTableIsRefusedUntilItIsUnpinned() {
        long pfn = d1.readOnlyPfn();
        long mfn = d1.mfn(pfn);
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE, mfn, 0)).isZero();
        assertThat(d1.updateVaMapping(d1.va(pfn), X86Paging.entry(mfn, RW), 0)).isEqualTo(Errno.EBUSY.neg());
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE, mfn, 0)).isZero();
        assertThat(d1.updateVaMapping(d1.va(pfn), X86Paging.entry(mfn, RW), 0)).isZero();
        assertThat(frames.type(mfn)).isEqualTo(PageType.PGT_writable_page);
        assertThat(XenAddressSpace.isGuestL4Slot(0)).isTrue();
    }
}
