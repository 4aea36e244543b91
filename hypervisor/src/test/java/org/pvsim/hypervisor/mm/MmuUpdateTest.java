package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_DIRTY;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GLOBAL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GNTTAB;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PCD;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PSE;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.MmuUpdateCmd;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code mmu_update} ({@code do_mmu_update}, {@code xen/arch/x86/mm.c}): validated updates at every level, plain
 * writes, A/D preservation, M2P updates, the foreign-domain rules, and every error code, each failing call checked
 * to leave the host as it was (I15).
 */
class MmuUpdateTest extends AuditedHostTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    private static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;
    private static final int UPPER = StartOfDayLayout.UPPER_PROT;
    private static final int SELF = DomId.DOMID_SELF;

    private MachineMemory memory;

    @BeforeEach
    void fields() {
        memory = host.hv.machine().memory();
    }

    /** A fresh page of {@code g} holding {@code entries} from index 0, then made read-only so it can be a table. */
    private static long tableWith(TestGuest g, long... entries) {
        long pfn = g.allocPfn();
        for (int i = 0; i < entries.length; i++) {
            g.write64(g.va(pfn) + 8L * i, entries[i]);
        }
        assertThat(g.updateVaMapping(g.va(pfn), X86Paging.entry(g.mfn(pfn), RO), 0))
                .isZero();
        return pfn;
    }

    /** A fresh data page of {@code g} holding {@code marker} in its first word. */
    private static long dataPage(TestGuest g, long marker) {
        long pfn = g.allocPfn();
        g.write64(g.va(pfn), marker);
        return pfn;
    }

    /** One request that must fail: made with no {@code pdone} and checked to change nothing. */
    private long failing(TestGuest g, long ptr, long val, int foreigndom) {
        long reqs = g.mmuUpdateRequests(new long[] {ptr}, new long[] {val});
        return host.assertNoEffect(() -> g.call(Hypercall.mmu_update, reqs, 1, 0, foreigndom, 0));
    }

    private static int pfd(int domid) {
        return (domid + 1) << 16;
    }

    // ------------------------------------------------------------------------------------------------ success

    @Test
    void normalUpdateOfAnL1EntryRemapsTheAddressAndMovesTheReferences() {
        long a = d1.allocPfn();
        long b = dataPage(d1, 0xB0B);
        long mfnA = d1.mfn(a);
        long mfnB = d1.mfn(b);
        int countA = frames.count(mfnA);
        int countB = frames.count(mfnB);
        int typeA = frames.typeCount(mfnA);
        int typeB = frames.typeCount(mfnB);

        assertThat(d1.mmuUpdate(d1.l1EntryMaddr(d1.va(a)), X86Paging.entry(mfnB, RW), SELF))
                .isZero();

        assertThat(d1.read64(d1.va(a))).isEqualTo(0xB0B);
        assertThat(frames.count(mfnA)).isEqualTo(countA - 1);
        assertThat(frames.typeCount(mfnA)).isEqualTo(typeA - 1);
        assertThat(frames.count(mfnB)).isEqualTo(countB + 1);
        assertThat(frames.typeCount(mfnB)).isEqualTo(typeB + 1);
    }

    @Test
    void normalUpdateOfAnL2EntryValidatesTheNewL1AndUnhookingDevalidatesIt() {
        long data = dataPage(d1, 0xD1);
        long l1 = tableWith(d1, X86Paging.entry(d1.mfn(data), RO));
        long l1Mfn = d1.mfn(l1);
        int dataCount = frames.count(d1.mfn(data));
        int slot = 7;

        assertThat(d1.mmuUpdate(TestGuest.entryMaddr(d1.l2Mfn(), slot), X86Paging.entry(l1Mfn, UPPER), SELF))
                .isZero();

        assertThat(frames.type(l1Mfn)).isEqualTo(PageType.PGT_l1_page_table);
        assertThat(frames.isValidated(l1Mfn)).isTrue();
        assertThat(frames.typeCount(l1Mfn)).isEqualTo(1);
        assertThat(frames.count(d1.mfn(data))).isEqualTo(dataCount + 1);
        assertThat(d1.read64(StartOfDayLayout.VIRT_BASE + ((long) slot << X86Paging.L2_PAGETABLE_SHIFT)))
                .isEqualTo(0xD1);

        assertThat(d1.mmuUpdate(TestGuest.entryMaddr(d1.l2Mfn(), slot), 0, SELF))
                .isZero();

        assertThat(frames.typeCount(l1Mfn)).isZero();
        assertThat(frames.isValidated(l1Mfn)).isFalse();
        assertThat(frames.count(d1.mfn(data))).isEqualTo(dataCount);
    }

    @Test
    void normalUpdateOfAnL3EntryValidatesTheTreeBelow() {
        long data = dataPage(d1, 0xD3);
        long l1 = tableWith(d1, X86Paging.entry(d1.mfn(data), RO));
        long l2 = tableWith(d1, X86Paging.entry(d1.mfn(l1), UPPER));
        int slot = 3;

        assertThat(d1.mmuUpdate(TestGuest.entryMaddr(d1.l3Mfn(), slot), X86Paging.entry(d1.mfn(l2), UPPER), SELF))
                .isZero();

        assertThat(frames.type(d1.mfn(l2))).isEqualTo(PageType.PGT_l2_page_table);
        assertThat(frames.type(d1.mfn(l1))).isEqualTo(PageType.PGT_l1_page_table);
        assertThat(d1.read64(StartOfDayLayout.VIRT_BASE + ((long) slot << X86Paging.L3_PAGETABLE_SHIFT)))
                .isEqualTo(0xD3);
    }

    @Test
    void normalUpdateOfAnL4EntryValidatesTheTreeBelow() {
        long data = dataPage(d1, 0xD4);
        long l1 = tableWith(d1, X86Paging.entry(d1.mfn(data), RO));
        long l2 = tableWith(d1, X86Paging.entry(d1.mfn(l1), UPPER));
        long l3 = tableWith(d1, X86Paging.entry(d1.mfn(l2), UPPER));
        int slot = 5;

        assertThat(d1.mmuUpdate(TestGuest.entryMaddr(d1.l4Mfn(), slot), X86Paging.entry(d1.mfn(l3), UPPER), SELF))
                .isZero();

        assertThat(frames.type(d1.mfn(l3))).isEqualTo(PageType.PGT_l3_page_table);
        assertThat(frames.typeCount(d1.mfn(l3))).isEqualTo(1);
        assertThat(d1.read64((long) slot << X86Paging.L4_PAGETABLE_SHIFT)).isEqualTo(0xD4);
    }

    @Test
    void updateToAPageThatIsNoTableIsAPlainWrite() {
        long page = d1.allocPfn();
        long mfn = d1.mfn(page);

        assertThat(d1.mmuUpdate(TestGuest.entryMaddr(mfn, 9), 0x1234_5678_9ABC_DEF0L, SELF))
                .isZero();

        assertThat(d1.read64(d1.va(page) + 9 * 8)).isEqualTo(0x1234_5678_9ABC_DEF0L);
        assertThat(frames.type(mfn)).isEqualTo(PageType.PGT_writable_page);
    }

    @Test
    void preserveAdKeepsTheAccessedAndDirtyBitsANormalUpdateClears() {
        long page = d1.allocPfn();
        long mfn = d1.mfn(page);
        long ptr = d1.l1EntryMaddr(d1.va(page));
        long l1 = ptr >>> X86Paging.PAGE_SHIFT;
        int off = (int) (ptr & (X86Paging.PAGE_SIZE - 1));
        assertThat(d1.mmuUpdate(ptr, X86Paging.entry(mfn, RW | _PAGE_DIRTY), SELF))
                .isZero();

        assertThat(d1.mmuUpdate(
                        ptr | MmuUpdateCmd.MMU_PT_UPDATE_PRESERVE_AD.code,
                        X86Paging.entry(mfn, _PAGE_PRESENT | _PAGE_RW),
                        SELF))
                .isZero();
        assertThat(memory.read64(l1, off) & (_PAGE_ACCESSED | _PAGE_DIRTY)).isEqualTo(_PAGE_ACCESSED | _PAGE_DIRTY);

        assertThat(d1.mmuUpdate(ptr, X86Paging.entry(mfn, _PAGE_PRESENT | _PAGE_RW), SELF))
                .isZero();
        assertThat(memory.read64(l1, off) & (_PAGE_ACCESSED | _PAGE_DIRTY)).isZero();
    }

    @Test
    void machphysUpdateSetsTheM2pEntryTheGuestReads() {
        long mfn = d1.mfn(d1.allocPfn());

        assertThat(d1.mmuUpdate((mfn << X86Paging.PAGE_SHIFT) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code, 0x4321, SELF))
                .isZero();

        assertThat(frames.m2p(mfn)).isEqualTo(0x4321);
        assertThat(d1.read64(XenAddressSpace.MACH2PHYS_VIRT_START + 8 * mfn)).isEqualTo(0x4321);
    }

    @Test
    void privilegedCallerMayUpdateTheM2pOfTheForeignDomainItNames() {
        long mfn = d1.mfn(d1.allocPfn());

        assertThat(dom0.mmuUpdate((mfn << X86Paging.PAGE_SHIFT) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code, 77, 1))
                .isZero();

        assertThat(frames.m2p(mfn)).isEqualTo(77);
    }

    @Test
    void dom0MapsADomUFrameOnlyWhenItNamesTheDomUAsForeignDomain() {
        long foreign = dataPage(d1, 0xF0F0);
        long foreignMfn = d1.mfn(foreign);
        long slotPfn = dom0.allocPfn();
        long ptr = dom0.l1EntryMaddr(dom0.va(slotPfn));

        assertThat(failing(dom0, ptr, X86Paging.entry(foreignMfn, RW), SELF)).isEqualTo(Errno.EBUSY.neg());
        int count = frames.count(foreignMfn);

        assertThat(dom0.mmuUpdate(ptr, X86Paging.entry(foreignMfn, RW), 1)).isZero();

        assertThat(dom0.read64(dom0.va(slotPfn))).isEqualTo(0xF0F0);
        assertThat(frames.count(foreignMfn)).isEqualTo(count + 1);
        assertThat(frames.owner(foreignMfn)).isEqualTo(1);
    }

    @Test
    void privilegedCallerMayUpdateAForeignDomainsPageTableNamedAsPfd() {
        long a = d1.allocPfn();
        long b = dataPage(d1, 0xBEEF);

        assertThat(dom0.mmuUpdate(d1.l1EntryMaddr(d1.va(a)), X86Paging.entry(d1.mfn(b), RW), pfd(1) | 1))
                .isZero();

        assertThat(d1.read64(d1.va(a))).isEqualTo(0xBEEF);
    }

    @Test
    void privilegedCallerMayPointAForeignDomainsEntryAtAFrameOfAThirdDomain() {
        // pt_owner d1, pg_owner d2: get_page_from_l1e finds the frame's owner is the page owner named, so Xen allows it
        long target = dataPage(d2, 0x2222);
        long a = d1.allocPfn();

        assertThat(dom0.mmuUpdate(d1.l1EntryMaddr(d1.va(a)), X86Paging.entry(d2.mfn(target), RO), pfd(1) | 2))
                .isZero();

        assertThat(d1.read64(d1.va(a))).isEqualTo(0x2222);
        assertThat(failing(d1, d1.l1EntryMaddr(d1.va(d1.allocPfn())), X86Paging.entry(d2.mfn(target), RO), SELF))
                .as("d1 itself still may not")
                .isEqualTo(Errno.EBUSY.neg());
    }

    @Test
    void batchOfNoRequestsDoesNothing() {
        long pdone = d1.scratch(8);
        d1.write32(pdone, 0x5555);
        long reqs = d1.scratch(16);
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.mmu_update, reqs, 0, 0, SELF, 0)))
                .isZero();
        assertThat(d1.call(Hypercall.mmu_update, reqs, 0, pdone, SELF, 0)).isZero();
        assertThat(d1.read32(pdone)).isZero();
    }

    @Test
    void pdoneCountsEveryRequestOfASuccessfulBatch() {
        long a = d1.allocPfn();
        long b = d1.allocPfn();
        long pdone = d1.scratch(8);

        long rc = d1.mmuUpdate(
                new long[] {TestGuest.entryMaddr(d1.mfn(a), 0), TestGuest.entryMaddr(d1.mfn(b), 0)},
                new long[] {1, 2},
                SELF,
                pdone);

        assertThat(rc).isZero();
        assertThat(d1.read32(pdone)).isEqualTo(2);
    }

    @Test
    void batchStopsAtTheFirstErrorAndPdoneCountsWhatWasDone() {
        long a = d1.allocPfn();
        long b = d1.allocPfn();
        long foreign = d2.mfn(d2.allocPfn());
        long pdone = d1.scratch(8);

        long rc = d1.mmuUpdate(
                new long[] {
                    TestGuest.entryMaddr(d1.mfn(a), 0),
                    TestGuest.entryMaddr(foreign, 0),
                    TestGuest.entryMaddr(d1.mfn(b), 0)
                },
                new long[] {0xA, 0xF, 0xB},
                SELF,
                pdone);

        assertThat(rc).isEqualTo(Errno.EINVAL.neg());
        assertThat(d1.read32(pdone)).isEqualTo(1);
        assertThat(d1.read64(d1.va(a))).isEqualTo(0xA);
        assertThat(d1.read64(d1.va(b))).isZero();
        assertThat(memory.read64(foreign, 0)).isZero();
    }

    // ------------------------------------------------------------------------------------------------ -ESRCH

    @Test
    void unknownForeignDomainIsEsrch() {
        long ptr = TestGuest.entryMaddr(dom0.mfn(dom0.allocPfn()), 0);
        assertThat(failing(dom0, ptr, 1, 0x7000)).isEqualTo(Errno.ESRCH.neg());
        assertThat(failing(dom0, ptr, 1, DomId.DOMID_INVALID)).isEqualTo(Errno.ESRCH.neg());
    }

    @Test
    void unknownPageTableDomainIsEsrch() {
        long ptr = TestGuest.entryMaddr(dom0.mfn(dom0.allocPfn()), 0);
        assertThat(failing(dom0, ptr, 1, pfd(0x7000) | SELF)).isEqualTo(Errno.ESRCH.neg());
        assertThat(failing(dom0, ptr, 1, pfd(SELF) | SELF)).isEqualTo(Errno.ESRCH.neg());
    }

    @Test
    void mmuUpdateWithOwnDomidAsForeignDomainIsEsrch() {
        long ptr = TestGuest.entryMaddr(d1.mfn(d1.allocPfn()), 0);
        assertThat(failing(d1, ptr, 1, 1)).isEqualTo(Errno.ESRCH.neg());
        long ptr0 = TestGuest.entryMaddr(dom0.mfn(dom0.allocPfn()), 0);
        assertThat(failing(dom0, ptr0, 1, 0)).isEqualTo(Errno.ESRCH.neg());
    }

    // ------------------------------------------------------------------------------------------------ -EPERM

    @Test
    void domUNamingAnotherDomainAsForeignDomainIsEperm() {
        long ptr = TestGuest.entryMaddr(d1.mfn(d1.allocPfn()), 0);
        assertThat(failing(d1, ptr, 1, 2)).isEqualTo(Errno.EPERM.neg());
        assertThat(failing(d1, ptr, 1, 0)).isEqualTo(Errno.EPERM.neg());
        assertThat(failing(d1, ptr, 1, DomId.DOMID_XEN)).isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void domUNamingAnotherDomainAsPageTableDomainIsEperm() {
        long ptr = d2.l1EntryMaddr(d2.va(d2.allocPfn()));
        assertThat(failing(d1, ptr, 0, pfd(2) | SELF)).isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void machphysUpdateWithAForeignPageTableDomainIsEperm() {
        long mfn = d1.mfn(d1.allocPfn());
        long ptr = (mfn << X86Paging.PAGE_SHIFT) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code;
        assertThat(failing(dom0, ptr, 5, pfd(1) | 1)).isEqualTo(Errno.EPERM.neg());
        assertThat(failing(d1, ptr, 5, 2)).isEqualTo(Errno.EPERM.neg());
    }

    // ------------------------------------------------------------------------------------------------ -EINVAL

    @Test
    void machphysUpdateOfAFrameTheOwnerDoesNotOwnIsEinval() {
        long foreign = d2.mfn(d2.allocPfn());
        long ptr = (foreign << X86Paging.PAGE_SHIFT) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code;
        assertThat(failing(d1, ptr, 5, SELF)).isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(d1, (1L << 40) | MmuUpdateCmd.MMU_MACHPHYS_UPDATE.code, 5, SELF))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void l1EntryWithDisallowedFlagsIsEinval() {
        long page = d1.allocPfn();
        long ptr = d1.l1EntryMaddr(d1.va(page));
        long mfn = d1.mfn(page);
        assertThat(failing(d1, ptr, X86Paging.entry(mfn, RW | _PAGE_PCD), SELF)).isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(d1, ptr, X86Paging.entry(mfn, RW | _PAGE_GNTTAB), SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(d1.mmuUpdate(ptr, X86Paging.entry(mfn, RW | _PAGE_GLOBAL), SELF))
                .as("GLOBAL is allowed in an L1 entry")
                .isZero();
    }

    @Test
    void upperEntriesWithDisallowedFlagsAreEinval() {
        long l1 = tableWith(d1);
        long l2 = tableWith(d1);
        long l3 = tableWith(d1);
        assertThat(failing(
                        d1, TestGuest.entryMaddr(d1.l2Mfn(), 9), X86Paging.entry(d1.mfn(l1), UPPER | _PAGE_PSE), SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(
                        d1,
                        TestGuest.entryMaddr(d1.l2Mfn(), 9),
                        X86Paging.entry(d1.mfn(l1), UPPER | _PAGE_GLOBAL),
                        SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(
                        d1, TestGuest.entryMaddr(d1.l3Mfn(), 9), X86Paging.entry(d1.mfn(l2), UPPER | _PAGE_PCD), SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(
                        d1, TestGuest.entryMaddr(d1.l4Mfn(), 9), X86Paging.entry(d1.mfn(l3), UPPER | _PAGE_PSE), SELF))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void frameOfAnotherDomainAsTheTableIsEinval() {
        long foreignTable = d2.l1EntryMaddr(d2.va(d2.allocPfn()));
        assertThat(failing(d1, foreignTable, 0, SELF)).isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(d1, TestGuest.entryMaddr(d2.mfn(d2.allocPfn()), 0), 1, SELF))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(d1, (long) host.hv.machine().nrFrames() << X86Paging.PAGE_SHIFT, 1, SELF))
                .as("a frame beyond RAM")
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void upperLevelUpdateWithAForeignDomainIsEinval() {
        long l1 = d1.mfn(tableWith(d1));
        assertThat(failing(dom0, TestGuest.entryMaddr(dom0.l2Mfn(), 9), X86Paging.entry(l1, UPPER), 1))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(dom0, TestGuest.entryMaddr(dom0.l4Mfn(), 9), 0, 1)).isEqualTo(Errno.EINVAL.neg());
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 260, 271})
    void updateOfXensL4SlotsIsEinval(int slot) {
        long l3 = d1.mfn(tableWith(d1));
        assertThat(failing(d1, TestGuest.entryMaddr(d1.l4Mfn(), slot), 0, SELF)).isEqualTo(Errno.EINVAL.neg());
        assertThat(failing(d1, TestGuest.entryMaddr(d1.l4Mfn(), slot), X86Paging.entry(l3, UPPER), SELF))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void l2EntryToAFrameThatCannotBeAnL1IsEinval() {
        long data = d1.allocPfn();
        assertThat(failing(d1, TestGuest.entryMaddr(d1.l2Mfn(), 9), X86Paging.entry(d1.mfn(data), UPPER), SELF))
                .as("a writable-mapped data page cannot become an L1")
                .isEqualTo(Errno.EINVAL.neg());
        long foreign = d2.mfn(tableWith(d2));
        assertThat(failing(d1, TestGuest.entryMaddr(d1.l2Mfn(), 9), X86Paging.entry(foreign, UPPER), SELF))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void validationFailureDeepInTheNewTreeFailsTheUpdateAndUndoesEverything() {
        long foreign = d2.mfn(d2.allocPfn());
        long badL1 = tableWith(d1, 0, X86Paging.entry(foreign, RO));
        long l2 = tableWith(d1, X86Paging.entry(d1.mfn(badL1), UPPER));
        long l3 = tableWith(d1, X86Paging.entry(d1.mfn(l2), UPPER));

        assertThat(failing(d1, TestGuest.entryMaddr(d1.l4Mfn(), 5), X86Paging.entry(d1.mfn(l3), UPPER), SELF))
                .isEqualTo(Errno.EBUSY.neg());
        assertThat(frames.typeCount(d1.mfn(l3))).isZero();
        assertThat(frames.typeCount(d1.mfn(l2))).isZero();
        assertThat(frames.typeCount(d1.mfn(badL1))).isZero();
    }

    // ------------------------------------------------------------------------------------------------ -EBUSY

    @Test
    void mappingAFrameTheCallerMayNotMapIsEbusy() {
        long ptr = d1.l1EntryMaddr(d1.va(d1.allocPfn()));
        long foreign = d2.mfn(d2.allocPfn());
        assertThat(failing(d1, ptr, X86Paging.entry(foreign, RW), SELF)).isEqualTo(Errno.EBUSY.neg());
        assertThat(failing(d1, ptr, X86Paging.entry(foreign, RO), SELF)).isEqualTo(Errno.EBUSY.neg());
        assertThat(failing(d1, ptr, X86Paging.entry(dom0.l4Mfn(), RO), SELF)).isEqualTo(Errno.EBUSY.neg());
    }

    @Test
    void writableMappingOfAPageTableIsEbusyAndItsReadOnlyMappingIsAllowed() {
        long ptr = d1.l1EntryMaddr(d1.va(d1.allocPfn()));
        assertThat(failing(d1, ptr, X86Paging.entry(d1.l4Mfn(), RW), SELF)).isEqualTo(Errno.EBUSY.neg());
        assertThat(failing(d1, ptr, X86Paging.entry(d1.l2Mfn(), RW), SELF)).isEqualTo(Errno.EBUSY.neg());
        assertThat(d1.mmuUpdate(ptr, X86Paging.entry(d1.l4Mfn(), RO), SELF)).isZero();
        assertThat(frames.type(d1.l4Mfn())).isEqualTo(PageType.PGT_l4_page_table);
    }

    // ------------------------------------------------------------------------------------------------ -ENOSYS, -EFAULT

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7})
    void unknownCommandInThePointersLowBitsIsEnosys(int cmd) {
        long ptr = TestGuest.entryMaddr(d1.mfn(d1.allocPfn()), 0);
        assertThat(failing(d1, ptr | cmd, 1, SELF)).isEqualTo(Errno.ENOSYS.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL, 0})
    void badRequestPointerIsEfault(long reqs) {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.mmu_update, reqs, 1, 0, SELF, 0)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void emptyBatchAtAnAddressOutsideTheGuestsRangeIsEfault() {
        // guest_handle_okay checks the start of the list even when it is empty (__addr_ok)
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.mmu_update, GuestAddresses.XEN_RANGE, 0, 0, SELF, 0)))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.mmu_update, GuestAddresses.NON_CANONICAL, 0, 0, SELF, 0)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void listRunningOffTheLowerHalfIsServedUpToTheElementThatFaults() {
        // map the last page of the lower half (L4 slot 255, L3/L2/L1 slot 511) to a page of d1
        long top = d1.allocPfn();
        long l1 = tableWith(d1, new long[512]);
        long l2 = tableWith(d1, new long[512]);
        long l3 = tableWith(d1, new long[512]);
        assertThat(d1.mmuUpdate(
                        new long[] {
                            TestGuest.entryMaddr(d1.mfn(l1), 511),
                            TestGuest.entryMaddr(d1.mfn(l2), 511),
                            TestGuest.entryMaddr(d1.mfn(l3), 511),
                            TestGuest.entryMaddr(d1.l4Mfn(), 255)
                        },
                        new long[] {
                            X86Paging.entry(d1.mfn(top), RW),
                            X86Paging.entry(d1.mfn(l1), UPPER),
                            X86Paging.entry(d1.mfn(l2), UPPER),
                            X86Paging.entry(d1.mfn(l3), UPPER)
                        },
                        SELF,
                        0))
                .isZero();
        long lastPage = 0x0000_7FFF_FFFF_F000L;
        long target = d1.allocPfn();
        long reqs = lastPage + X86Paging.PAGE_SIZE - 16;
        d1.write64(reqs, TestGuest.entryMaddr(d1.mfn(target), 0));
        d1.write64(reqs + 8, 0x5EED);
        long pdone = d1.scratch(8);

        // access_ok looks at the start of the list only; the second element lies beyond the canonical boundary
        long rc = d1.call(Hypercall.mmu_update, reqs, 2, pdone, SELF, 0);

        assertThat(rc).isEqualTo(Errno.EFAULT.neg());
        assertThat(d1.read32(pdone)).isEqualTo(1);
        assertThat(d1.read64(d1.va(target))).isEqualTo(0x5EED);
    }
}
