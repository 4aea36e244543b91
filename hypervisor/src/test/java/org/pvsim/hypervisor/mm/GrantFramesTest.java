package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * The frames the grant tables move or keep: a transferred page ({@code steal_page} then {@code assign_pages}, as
 * {@code gnttab_transfer} uses them) and the Xen-heap grant and status frames ({@code gnttab_create_shared_page},
 * {@code gnttab_unpopulate_status_frames}, {@code free_xenheap_page} at destruction).
 */
class GrantFramesTest extends GrantMmuFixture {
    /** A page of {@code g}'s that nothing maps: its initial mapping removed. */
    private long unmappedPage(TestGuest g) {
        long pfn = g.allocPfn();
        assertThat(g.updateVaMapping(g.va(pfn), 0, 0)).isZero();
        return g.mfn(pfn);
    }

    // ---- transfer ----

    @Test
    void aStolenPageIsInFlightUntilAssigned() {
        long page = unmappedPage(d2);
        host.hv.machine().memory().write64(page, 0, 0xFEED);
        long d2Pages = d2.domain.totPages();
        long d1Pages = d1.domain.totPages();
        d1.domain.setMaxPages(d1Pages + 1);

        assertThat(mmu.stealPage(2, page)).isZero();
        assertThat(frames.owner(page)).isEqualTo(FrameTable.NO_OWNER);
        assertThat(frames.m2p(page)).isEqualTo(XenAddressSpace.INVALID_M2P_ENTRY);
        assertThat(d2.domain.totPages()).isEqualTo(d2Pages - 1);
        assertThat(host.hv.machine().allocator().isFree(page)).isFalse();

        assertThat(mmu.assignable(1)).isZero();
        assertThat(mmu.assignPage(1, page)).isZero();
        mmu.setM2p(page, 77);
        assertThat(frames.owner(page)).isEqualTo(1);
        assertThat(frames.count(page)).isEqualTo(1);
        assertThat(frames.m2p(page)).isEqualTo(77);
        assertThat(d1.domain.totPages()).isEqualTo(d1Pages + 1);
        assertThat(host.hv.machine().memory().read64(page, 0))
                .as("the contents travel")
                .isEqualTo(0xFEED);
        host.assertAudit();

        // d1 may now map it as its own
        long va = d1.va(d1.allocPfn());
        assertThat(d1.updateVaMapping(va, X86Paging.entry(page, StartOfDayLayout.L1_PROT), 0))
                .isZero();
        assertThat(d1.read64(va)).isEqualTo(0xFEED);
        // and no headroom is left
        assertThat(mmu.assignable(1)).isEqualTo(Errno.E2BIG.neg());
        host.assertAudit();
    }

    @Test
    void onlyAnUnreferencedOwnPageCanBeStolen() {
        long mapped = d2.mfn(d2.allocPfn());
        assertThat(host.assertNoEffect(() -> mmu.stealPage(2, mapped))).isEqualTo(Errno.EINVAL.neg());
        long page = unmappedPage(d2);
        assertThat(host.assertNoEffect(() -> mmu.stealPage(1, page))).isEqualTo(Errno.EINVAL.neg());
        long sharedInfo = d2.domain.sharedInfoMfn();
        assertThat(host.assertNoEffect(() -> mmu.stealPage(2, sharedInfo))).isEqualTo(Errno.EINVAL.neg());
        assertThat(host.assertNoEffect(() -> mmu.stealPage(2, 1L << 40))).isEqualTo(Errno.EINVAL.neg());
        long free = host.hv.machine().allocator().allocate(0, Long.MAX_VALUE);
        host.hv.machine().allocator().free(free, 0);
        assertThat(host.assertNoEffect(() -> mmu.stealPage(2, free))).isEqualTo(Errno.EINVAL.neg());
        // a page-table page has a type reference
        assertThat(host.assertNoEffect(() -> mmu.stealPage(2, d2.firstL1Mfn()))).isEqualTo(Errno.EINVAL.neg());
        host.assertAudit();
    }

    @Test
    void aFailedAssignLeavesThePageInFlightToBeFreed() {
        long page = unmappedPage(d2);
        d1.domain.setMaxPages(d1.domain.totPages());
        int freeBefore = host.freeFrames();
        assertThat(mmu.stealPage(2, page)).isZero();
        assertThat(mmu.assignPage(1, page)).isEqualTo(Errno.E2BIG.neg());
        assertThat(mmu.assignPage(9, page)).isEqualTo(Errno.EINVAL.neg());
        assertThat(frames.owner(page)).isEqualTo(FrameTable.NO_OWNER);
        mmu.freeInFlightPage(page);
        assertThat(host.hv.machine().allocator().isFree(page)).isTrue();
        assertThat(host.freeFrames()).isEqualTo(freeBefore + 1);
        // a page not in flight is neither assigned nor freed
        long other = unmappedPage(d2);
        assertThat(mmu.assignPage(1, other)).isEqualTo(Errno.EINVAL.neg());
        mmu.freeInFlightPage(other);
        assertThat(frames.owner(other)).isEqualTo(2);
        host.assertAudit();
    }

    @Test
    void aDyingDomainAcceptsNoPage() {
        long page = unmappedPage(d2);
        assertThat(mmu.stealPage(2, page)).isZero();
        host.hv.lifecycle().kill(d1.domain, host.hv.now());
        assertThat(mmu.assignable(1)).isEqualTo(Errno.EINVAL.neg());
        assertThat(mmu.assignPage(1, page)).isEqualTo(Errno.EINVAL.neg());
        mmu.freeInFlightPage(page);
        host.assertAudit();
    }

    // ---- shared frames ----

    @Test
    void aSharedFrameIsXenHeapAndCannotBeUnsharedWhileMapped() {
        long f = mmu.allocSharedFrame(2);
        grants.sharedFrames.add(f);
        assertThat(f).isNotNegative();
        assertThat(frames.owner(f)).isEqualTo(2);
        assertThat(frames.hasPgc(f, FrameTable.PGC_xen_heap)).isTrue();
        assertThat(frames.type(f)).isEqualTo(PageType.PGT_writable_page);
        assertThat(d2.domain.totPages())
                .as("Xen-heap frames are not the guest's pages")
                .isEqualTo(512);
        host.assertAudit();

        // the guest maps it writable, as a grant frame is
        long va = d2.va(d2.allocPfn());
        assertThat(d2.updateVaMapping(va, X86Paging.entry(f, StartOfDayLayout.L1_PROT), 0))
                .isZero();
        d2.write64(va, 0x1234);
        assertThat(host.assertNoEffect(() -> mmu.unshareSharedFrame(2, f))).isEqualTo(Errno.EBUSY.neg());
        assertThat(mmu.unshareSharedFrame(1, f)).isEqualTo(Errno.EINVAL.neg());
        assertThat(d2.updateVaMapping(va, 0, 0)).isZero();
        host.assertAudit();

        assertThat(mmu.unshareSharedFrame(2, f)).isZero();
        assertThat(frames.owner(f)).isEqualTo(DomId.DOMID_XEN);
        assertThat(d2.domain.xenheapPages()).isEqualTo(1);
        host.assertAudit();
        // a set_version that finds a later frame busy shares the earlier ones again
        assertThat(mmu.reshareSharedFrame(1, 12345)).isEqualTo(Errno.EINVAL.neg());
        assertThat(mmu.reshareSharedFrame(2, f)).isZero();
        assertThat(frames.owner(f)).isEqualTo(2);
        assertThat(d2.domain.xenheapPages()).isEqualTo(2);
        assertThat(mmu.reshareSharedFrame(2, f)).as("not Xen-held now").isEqualTo(Errno.EINVAL.neg());
        host.assertAudit();
        assertThat(mmu.unshareSharedFrame(2, f)).isZero();
        // Xen-held and no longer reported: a leak
        grants.sharedFrames.clear();
        assertThat(host.auditor.audit()).extracting(Violation::invariant).containsExactly("I5");
        assertThat(mmu.freeSharedFrame(f)).isTrue();
        assertThat(host.hv.machine().allocator().isFree(f)).isTrue();
        assertThat(mmu.freeSharedFrame(f)).as("only once").isFalse();
        host.assertAudit();
    }

    @Test
    void aDestroyedDomainsSharedFramesReturnToThePoolOnceFreed() {
        long f1 = mmu.allocSharedFrame(2);
        long f2 = mmu.allocSharedFrame(2);
        grants.sharedFrames.add(f1);
        grants.sharedFrames.add(f2);
        // d1's table cannot hold a frame the grant table holds for d2 while d2 is alive
        assertThat(mmu.freeSharedFrame(f1)).isFalse();

        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 2)))
                .isZero();
        assertThat(host.hv.domains().get(2)).isNull();
        assertThat(frames.owner(f1)).isEqualTo(DomId.DOMID_XEN);
        host.assertAudit();
        // the subsystem's domainDestroyed hook frees them
        assertThat(mmu.freeSharedFrame(f1)).isTrue();
        assertThat(mmu.freeSharedFrame(f2)).isTrue();
        grants.sharedFrames.clear();
        assertThat(host.hv.machine().allocator().isFree(f1)).isTrue();
        assertThat(host.hv.machine().allocator().isFree(f2)).isTrue();
        host.assertAudit();
    }

    @Test
    void aSharedFrameStillMappedByAnotherDomainKeepsTheDomainUntilUnmapped() {
        long f = mmu.allocSharedFrame(2);
        grants.sharedFrames.add(f);
        // dom0 maps it as a privileged foreign mapping
        long va = dom0.va(dom0.allocPfn());
        assertThat(dom0.call(
                        org.pvsim.hypervisor.abi.Hypercall.update_va_mapping_otherdomain,
                        va,
                        X86Paging.entry(f, StartOfDayLayout.L1_PROT),
                        0,
                        2,
                        0))
                .isZero();
        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 2)))
                .isZero();
        assertThat(host.hv.domains().get(2)).as("dying, held by dom0's mapping").isNotNull();
        assertThat(mmu.freeSharedFrame(f)).isFalse();
        host.assertAudit();
        assertThat(dom0.updateVaMapping(va, 0, 0)).isZero();
        assertThat(host.hv.domains().get(2)).isNull();
        assertThat(mmu.freeSharedFrame(f)).isTrue();
        grants.sharedFrames.clear();
        host.assertAudit();
    }

    @Test
    void noSharedFrameForADyingOrUnknownDomain() {
        assertThat(mmu.allocSharedFrame(9)).isEqualTo(-1);
        host.hv.lifecycle().kill(d1.domain, host.hv.now());
        assertThat(mmu.allocSharedFrame(1)).isEqualTo(-1);
    }
}
