package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_AVAIL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_DIRTY;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GLOBAL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GNTTAB;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GUEST_KERNEL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_NX;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_USER;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.spi.GrantMmu;

/**
 * Grant host mappings through the PV MMU ({@code create_grant_pv_mapping} / {@code replace_grant_pv_mapping}, {@code
 * x86/pv/grant_table.c}), driven as the grant table drives them: the test takes the grant's references ({@code
 * get_page}, {@code get_page_type(PGT_writable_page)}), asks for the PTE, and drops the references after the PTE is
 * replaced. A fake grant audit vouches for the mappings; the auditor checks counts after every step.
 */
class GrantHostMappingTest extends GrantMmuFixture {
    private static final int HOST_MAP = 1 << 1;
    private static final int READONLY = 1 << 2;
    private static final int APPLICATION_MAP = 1 << 3;
    private static final int CONTAINS_PTE = 1 << 4;

    /** d2's granted frame. */
    private long granted;

    @BeforeEach
    void grantAFrameOfD2() {
        granted = d2.mfn(d2.allocPfn());
    }

    @AfterEach
    void audit() {
        host.assertAudit();
    }

    /** What map_grant_ref takes before the PTE is written. */
    private void takeRefs(boolean writable) {
        assertThat(mmu.getPage(granted, 2)).isTrue();
        if (writable) {
            assertThat(mmu.getWritableType(granted)).isTrue();
        }
    }

    private void dropRefs(boolean writable) {
        if (writable) {
            mmu.putWritableType(granted);
        }
        mmu.putPage(granted);
    }

    /** A virtual address of d1 whose PTE maps an ordinary page of d1 in the initial mapping. */
    private long d1Va() {
        return d1.va(d1.allocPfn());
    }

    private long pteAt(long va) {
        long maddr = d1.l1EntryMaddr(va);
        return host.hv.machine().memory().read64(maddr >>> X86Paging.PAGE_SHIFT, (int) (maddr & 0xFFF));
    }

    @Test
    void aWritableHostMapWritesTheGrantPteAndReleasesTheOldEntry() {
        long va = d1Va();
        long oldFrame = X86Paging.mfn(pteAt(va));
        int oldCount = frames.count(oldFrame);
        int countBefore = frames.count(granted);
        int typesBefore = frames.typeCount(granted);
        takeRefs(true);

        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, HOST_MAP)).isZero();
        grants.vouch(1, granted);

        long pte = pteAt(va);
        assertThat(X86Paging.mfn(pte)).isEqualTo(granted);
        assertThat(X86Paging.flags24(pte))
                .isEqualTo(_PAGE_PRESENT
                        | _PAGE_ACCESSED
                        | _PAGE_DIRTY
                        | _PAGE_GNTTAB
                        | _PAGE_NX
                        | _PAGE_RW
                        | _PAGE_USER
                        | _PAGE_GUEST_KERNEL);
        assertThat(frames.count(granted)).isEqualTo(countBefore + 1);
        assertThat(frames.type(granted)).isEqualTo(PageType.PGT_writable_page);
        assertThat(frames.count(oldFrame))
                .as("put_page_from_l1e of the old entry")
                .isEqualTo(oldCount - 1);
        host.assertAudit();

        // the mapper reads and writes d2's frame through it
        d1.write64(va + 16, 0xC0FFEE);
        assertThat(host.hv.machine().memory().read64(granted, 16)).isEqualTo(0xC0FFEE);

        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, HOST_MAP)).isZero();
        assertThat(pteAt(va)).isZero();
        grants.hostMappings.clear();
        dropRefs(true);
        assertThat(frames.count(granted)).isEqualTo(countBefore);
        assertThat(frames.typeCount(granted)).isEqualTo(typesBefore);
    }

    @Test
    void readOnlyApplicationMapFlagsAndGuestAvailBits() {
        long va = d1Va();
        int typesBefore = frames.typeCount(granted);
        takeRefs(false);
        int flags = HOST_MAP | READONLY | APPLICATION_MAP | (5 << 16);
        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, flags)).isZero();
        grants.vouch(1, granted);
        int f = X86Paging.flags24(pteAt(va));
        assertThat(f & _PAGE_RW).isZero();
        assertThat(f & (_PAGE_USER | _PAGE_GLOBAL))
                .as("a user mapping is global")
                .isEqualTo(_PAGE_USER | _PAGE_GLOBAL);
        assertThat(f & _PAGE_GUEST_KERNEL).isZero();
        assertThat(f & _PAGE_AVAIL).isEqualTo(5 << 9);
        assertThat(frames.typeCount(granted)).as("no type for a read-only map").isEqualTo(typesBefore);
        host.assertAudit();

        // the replace check wants P and RW as the grant had them: a writable map's flags do not match
        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, HOST_MAP)).isEqualTo(-1);
        assertThat(X86Paging.mfn(pteAt(va))).isEqualTo(granted);
        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, flags)).isZero();
        grants.hostMappings.clear();
        dropRefs(false);
    }

    @Test
    void containsPteNamesTheEntryByMachineAddress() {
        long va = d1Va();
        long maddr = d1.l1EntryMaddr(va);
        takeRefs(true);
        assertThat(mmu.createGrantHostMapping(1, 0, maddr, granted, HOST_MAP | CONTAINS_PTE))
                .isZero();
        grants.vouch(1, granted);
        assertThat(X86Paging.mfn(pteAt(va))).isEqualTo(granted);
        host.assertAudit();
        // no replacement in this addressing mode
        assertThat(mmu.replaceGrantHostMapping(1, 0, maddr, granted, d1Va(), HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
        assertThat(mmu.replaceGrantHostMapping(1, 0, maddr, granted, 0, HOST_MAP | CONTAINS_PTE))
                .isZero();
        assertThat(pteAt(va)).isZero();
        grants.hostMappings.clear();
        dropRefs(true);
    }

    @Test
    void aMisalignedPteAddressIsRefused() {
        long maddr = d1.l1EntryMaddr(d1Va());
        long before = host.hv.machine().memory().read64(maddr >>> 12, (int) (maddr & 0xFF8));
        takeRefs(true);
        assertThat(mmu.createGrantHostMapping(1, 0, maddr + 4, granted, HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
        assertThat(host.hv.machine().memory().read64(maddr >>> 12, (int) (maddr & 0xFF8)))
                .isEqualTo(before);
        assertThat(host.hv.console().text()).contains("Misaligned PTE address");
        dropRefs(true);
    }

    @Test
    void aPteAddressOutsideAnL1IsRefused() {
        takeRefs(true);
        // a data page of d1's
        long data = d1.mfn(d1.allocPfn());
        assertThat(mmu.createGrantHostMapping(1, 0, data << 12, granted, HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
        assertThat(host.hv.machine().memory().read64(data, 0)).isZero();
        // d1's L2: a page table, but not an L1
        assertThat(mmu.createGrantHostMapping(1, 0, d1.l2Mfn() << 12, granted, HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
        // an address with no mapping at all
        assertThat(mmu.createGrantHostMapping(1, 0, 0x7000_0000_0000L, granted, HOST_MAP))
                .isEqualTo(-1);
        // a frame past the end of RAM
        assertThat(mmu.createGrantHostMapping(1, 0, -8L, granted, HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
        dropRefs(true);
    }

    @Test
    void anotherDomainsL1IsRefused() {
        takeRefs(true);
        long d2Entry = d2.l1EntryMaddr(d2.va(d2.allocPfn()));
        long before = host.hv.machine().memory().read64(d2Entry >>> 12, (int) (d2Entry & 0xFFF));
        assertThat(mmu.createGrantHostMapping(1, 0, d2Entry, granted, HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
        assertThat(host.hv.machine().memory().read64(d2Entry >>> 12, (int) (d2Entry & 0xFFF)))
                .isEqualTo(before);
        // and the unknown vCPU or domain
        assertThat(mmu.createGrantHostMapping(1, 7, d1Va(), granted, HOST_MAP)).isEqualTo(-1);
        assertThat(mmu.createGrantHostMapping(9, 0, d1Va(), granted, HOST_MAP)).isEqualTo(-1);
        dropRefs(true);
    }

    @Test
    void replaceChecksTheFrame() {
        long va = d1Va();
        takeRefs(true);
        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, HOST_MAP)).isZero();
        grants.vouch(1, granted);
        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted + 1, 0, HOST_MAP))
                .isEqualTo(-1);
        assertThat(mmu.replaceGrantHostMapping(1, 0, d1Va(), granted, 0, HOST_MAP))
                .isEqualTo(-1);
        assertThat(X86Paging.mfn(pteAt(va))).isEqualTo(granted);
        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, HOST_MAP)).isZero();
        grants.hostMappings.clear();
        dropRefs(true);
    }

    @Test
    void unmapAndReplaceMovesTheNewAddressPteIntoTheGrantSlot() {
        long va = d1Va();
        long other = d1Va();
        long otherPte = pteAt(other);
        long otherFrame = X86Paging.mfn(otherPte);
        int otherCount = frames.count(otherFrame);
        takeRefs(true);
        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, HOST_MAP)).isZero();
        grants.vouch(1, granted);

        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, other, HOST_MAP))
                .isZero();
        assertThat(pteAt(va)).isEqualTo(otherPte);
        assertThat(pteAt(other)).isZero();
        assertThat(frames.count(otherFrame))
                .as("the references moved with the entry")
                .isEqualTo(otherCount);
        grants.hostMappings.clear();
        dropRefs(true);
    }

    @Test
    void aFailedReplaceDropsTheStolenPte() {
        long va = d1Va();
        long other = d1Va();
        long otherFrame = X86Paging.mfn(pteAt(other));
        int otherCount = frames.count(otherFrame);
        int otherTypes = frames.typeCount(otherFrame);
        takeRefs(true);
        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, HOST_MAP)).isZero();
        grants.vouch(1, granted);

        // the grant's frame does not match: the entry at new_addr is gone and its references dropped
        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted + 1, other, HOST_MAP))
                .isEqualTo(-1);
        assertThat(pteAt(other)).isZero();
        assertThat(frames.count(otherFrame)).isEqualTo(otherCount - 1);
        assertThat(frames.typeCount(otherFrame)).isEqualTo(otherTypes - 1);
        assertThat(X86Paging.mfn(pteAt(va))).isEqualTo(granted);
        host.assertAudit();

        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, HOST_MAP)).isZero();
        grants.hostMappings.clear();
        dropRefs(true);
    }

    @Test
    void aGrantPteIsNotOverwrittenByAnotherMap() {
        long va = d1Va();
        takeRefs(true);
        assertThat(mmu.createGrantHostMapping(1, 0, va, granted, HOST_MAP)).isZero();
        grants.vouch(1, granted);
        long second = d2.mfn(d2.allocPfn());
        assertThat(mmu.getPage(second, 2)).isTrue();
        assertThat(mmu.createGrantHostMapping(1, 0, va, second, HOST_MAP | READONLY))
                .isEqualTo(-1);
        mmu.putPage(second);
        assertThat(X86Paging.mfn(pteAt(va))).isEqualTo(granted);
        assertThat(host.hv.console().text()).contains("Attempt to implicitly unmap d1's grant PTE");
        assertThat(mmu.replaceGrantHostMapping(1, 0, va, granted, 0, HOST_MAP)).isZero();
        grants.hostMappings.clear();
        dropRefs(true);
    }

    @Test
    void aPageTableCannotGetAWritableTypeAndAWritablyMappedFrameCannotBePinned() {
        long l1 = d2.firstL1Mfn();
        assertThat(mmu.getPage(l1, 2)).isTrue();
        assertThat(mmu.getWritableType(l1)).isFalse();
        mmu.putPage(l1);
        assertThat(mmu.getPage(granted, 1)).as("not d1's frame").isFalse();
        assertThat(mmu.getPage(1L << 40, 2)).isFalse();
        assertThat(mmu.owner(granted)).isEqualTo(2);
        assertThat(mmu.owner(1L << 40)).isEqualTo(GrantMmu.NO_OWNER);
        assertThat(mmu.isRam(granted)).isTrue();
    }

    /**
     * Regression (RandomizedGrantMmuTest seeds 5 and 9): {@code replace_grant_pv_mapping} checks only that the PTE at
     * {@code host_addr} maps the grant's frame with the grant's present and RW bits, not that it is a grant PTE. A
     * domain that unmaps a mapping of its own self-granted frame with the address of an ordinary mapping of that
     * frame clears the ordinary PTE and keeps the grant PTE, whose handle Xen then frees: a grant PTE with no grant
     * mapping, as Xen leaves it. Its references balance (the ordinary entry's stay behind it) and the frame is the
     * domain's own, so the auditor accepts it; a foreign frame's grant PTE still needs a grant mapping.
     */
    @Test
    void anUnmapThroughAnOrdinaryPteOfASelfGrantedFrameLeavesTheGrantPteAndTheAuditAcceptsIt() {
        long ordinaryVa = d1Va();
        long own = X86Paging.mfn(pteAt(ordinaryVa));
        long grantVa = d1Va();
        int count = frames.count(own);
        int types = frames.typeCount(own);
        // map_grant_ref of d1's own frame by d1, writable
        assertThat(mmu.getPage(own, 1)).isTrue();
        assertThat(mmu.getWritableType(own)).isTrue();
        assertThat(mmu.createGrantHostMapping(1, 0, grantVa, own, HOST_MAP)).isZero();
        grants.vouch(1, own);
        host.assertAudit();

        // unmap_grant_ref with the ordinary mapping's address: it matches, and goes
        assertThat(mmu.replaceGrantHostMapping(1, 0, ordinaryVa, own, 0, HOST_MAP))
                .isZero();
        grants.hostMappings.clear();
        mmu.putWritableType(own);
        mmu.putPage(own);
        assertThat(pteAt(ordinaryVa)).isZero();
        assertThat(X86Paging.flags24(pteAt(grantVa)) & _PAGE_GNTTAB).isNotZero();
        assertThat(X86Paging.mfn(pteAt(grantVa))).isEqualTo(own);
        assertThat(frames.count(own))
                .as("the ordinary entry's reference is the grant PTE's")
                .isEqualTo(count);
        assertThat(frames.typeCount(own)).isEqualTo(types);
        host.assertAudit();

        // the same stranded PTE of a foreign frame is reported
        takeRefs(true);
        long foreignVa = d1Va();
        assertThat(mmu.createGrantHostMapping(1, 0, foreignVa, granted, HOST_MAP))
                .isZero();
        assertThat(new Auditor(host.hv).audit())
                .anySatisfy(v -> assertThat(v.toString()).contains("I8").contains("grant PTE without a grant mapping"));
        grants.vouch(1, granted);
        assertThat(mmu.replaceGrantHostMapping(1, 0, foreignVa, granted, 0, HOST_MAP))
                .isZero();
        grants.hostMappings.clear();
        dropRefs(true);
    }
}
