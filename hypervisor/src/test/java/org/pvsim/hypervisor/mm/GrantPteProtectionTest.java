package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GNTTAB;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * A grant PTE in the PV MMU: the guest can neither forge one ({@code _PAGE_GNTTAB} is in {@code L1_DISALLOW_MASK})
 * nor change one while it is alive (Xen's "implicit unmap", {@code put_page_from_l1e}; pvsim refuses it), not even
 * through the fast path of {@code mod_l1_entry}. Devalidating the L1 that holds it drops its references, which is how
 * a dead mapper's host mappings are released.
 */
class GrantPteProtectionTest extends GrantMmuFixture {
    private static final int HOST_MAP = 1 << 1;
    private static final int CONTAINS_PTE = 1 << 4;

    private long granted;
    private int countBefore;
    private int typesBefore;

    @BeforeEach
    void grantAFrameOfD2() {
        granted = d2.mfn(d2.allocPfn());
        countBefore = frames.count(granted);
        typesBefore = frames.typeCount(granted);
    }

    @AfterEach
    void audit() {
        host.assertAudit();
    }

    /** Maps d2's frame writable at {@code va} of d1, as map_grant_ref would. */
    private void mapAt(long addr, int flags) {
        assertThat(mmu.getPage(granted, 2)).isTrue();
        assertThat(mmu.getWritableType(granted)).isTrue();
        assertThat(mmu.createGrantHostMapping(1, 0, addr, granted, flags)).isZero();
        grants.vouch(1, granted);
    }

    private void unmapAt(long addr, int flags) {
        assertThat(mmu.replaceGrantHostMapping(1, 0, addr, granted, 0, flags)).isZero();
        grants.hostMappings.clear();
        mmu.putWritableType(granted);
        mmu.putPage(granted);
    }

    /** One mmu_update request written before the call, so that a refused call changes nothing at all. */
    private long mmuUpdate(TestGuest g, long ptr, long val, int foreigndom) {
        long reqs = g.mmuUpdateRequests(new long[] {ptr}, new long[] {val});
        return host.assertNoEffect(() -> g.call(Hypercall.mmu_update, reqs, 1, 0, foreigndom, 0));
    }

    private long read(long maddr) {
        return host.hv.machine().memory().read64(maddr >>> 12, (int) (maddr & 0xFFF));
    }

    @Test
    void mmuUpdateCannotChangeOrClearAGrantPte() {
        long va = d1.va(d1.allocPfn());
        long entry = d1.l1EntryMaddr(va);
        mapAt(va, HOST_MAP);
        long pte = read(entry);
        long own = d1.mfn(d1.allocPfn());

        long[] attempts = {
            0, // clear it
            pte & ~(1L << 62), // the fast path: same frame and RW, _PAGE_GNTTAB dropped
            X86Paging.entry(own, StartOfDayLayout.L1_PROT), // another frame
        };
        for (long val : attempts) {
            assertThat(mmuUpdate(d1, entry, val, DomId.DOMID_SELF))
                    .as("mmu_update %x", val)
                    .isEqualTo(Errno.EINVAL.neg());
            assertThat(host.assertNoEffect(() -> d1.updateVaMapping(va, val, 0)))
                    .as("update_va_mapping %x", val)
                    .isEqualTo(Errno.EINVAL.neg());
        }
        assertThat(read(entry)).isEqualTo(pte);
        assertThat(host.hv.console().text())
                .contains("Attempt to implicitly unmap d1's grant PTE " + String.format("%016x", pte));
        unmapAt(va, HOST_MAP);
        assertThat(frames.count(granted)).isEqualTo(countBefore);
    }

    @Test
    void noGuestCanForgeAGrantPte() {
        long va = d1.va(d1.allocPfn());
        long entry = d1.l1EntryMaddr(va);
        long own = d1.mfn(d1.allocPfn());
        for (long target : new long[] {own, granted}) {
            long forged = X86Paging.entry(target, StartOfDayLayout.L1_PROT | _PAGE_GNTTAB);
            assertThat(mmuUpdate(d1, entry, forged, DomId.DOMID_SELF)).isEqualTo(Errno.EINVAL.neg());
            assertThat(host.assertNoEffect(() -> d1.updateVaMapping(va, forged, 0)))
                    .isEqualTo(Errno.EINVAL.neg());
        }
        // not even the control domain, into another domain's table
        long forged = X86Paging.entry(granted, StartOfDayLayout.L1_PROT | _PAGE_GNTTAB);
        assertThat(mmuUpdate(dom0, entry, forged, ((1 + 1) << 16) | 2)).isEqualTo(Errno.EINVAL.neg());
        // while the same entry without the flag is a privileged foreign mapping dom0 may make
        long plain = X86Paging.entry(granted, StartOfDayLayout.L1_PROT & ~X86Paging._PAGE_RW);
        long reqs = dom0.mmuUpdateRequests(new long[] {entry}, new long[] {plain});
        assertThat(dom0.call(Hypercall.mmu_update, reqs, 1, 0, ((1 + 1) << 16) | 2, 0))
                .isZero();
    }

    @Test
    void anL1HoldingAForgedGrantPteCannotBeValidated() {
        long pfn = d1.readOnlyPfn();
        long l1 = d1.mfn(pfn);
        host.hv.machine().memory().write64(l1, 0, X86Paging.entry(granted, StartOfDayLayout.L1_PROT | _PAGE_GNTTAB));
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE, l1, 0)).isEqualTo(Errno.EINVAL.neg());
        host.hv.machine().memory().write64(l1, 0, 0);
    }

    @Test
    void theAuditorReportsAGrantPteNoGrantTableVouchesFor() {
        long va = d1.va(d1.allocPfn());
        mapAt(va, HOST_MAP);
        grants.hostMappings.clear();
        assertThat(host.auditor.audit()).extracting(Violation::invariant).contains("I8", "I1");
        assertThat(host.auditor.audit().toString()).contains("grant PTE without a grant mapping");
        grants.vouch(1, granted);
        host.assertAudit();
        // vouching for another mapper does not do
        grants.hostMappings.clear();
        grants.vouch(2, granted);
        assertThat(host.auditor.audit()).extracting(Violation::invariant).contains("I8");
        grants.hostMappings.clear();
        grants.vouch(1, granted);
        unmapAt(va, HOST_MAP);
    }

    @Test
    void unpinningAnL1DropsItsGrantPtesReferences() {
        long l1 = d1.mfn(d1.readOnlyPfn());
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE, l1, 0)).isZero();
        mapAt(l1 << 12, HOST_MAP | CONTAINS_PTE);
        assertThat(frames.count(granted)).isEqualTo(countBefore + 1);
        host.assertAudit();

        assertThat(d1.mmuext(MmuextCmd.MMUEXT_UNPIN_TABLE, l1, 0)).isZero();
        grants.hostMappings.clear();
        assertThat(frames.count(granted)).isEqualTo(countBefore);
        assertThat(frames.typeCount(granted)).isEqualTo(typesBefore);
        assertThat(host.hv.console().text()).contains("Attempt to implicitly unmap d1's grant PTE");
        // the stale grant PTE stays in the now-unvalidated frame, which can never become an L1 again with it
        assertThat(d1.mmuext(MmuextCmd.MMUEXT_PIN_L1_TABLE, l1, 0)).isEqualTo(Errno.EINVAL.neg());
        // and the unmap finds no L1 there
        assertThat(mmu.replaceGrantHostMapping(1, 0, l1 << 12, granted, 0, HOST_MAP | CONTAINS_PTE))
                .isEqualTo(-1);
    }

    @Test
    void aDeadMappersHostMappingsAreReleasedWithItsPageTables() {
        long va = d1.va(d1.allocPfn());
        mapAt(va, HOST_MAP);
        int freeBefore = host.freeFrames();
        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 1)))
                .isZero();
        grants.hostMappings.clear();
        assertThat(host.hv.domains().get(1)).isNull();
        assertThat(frames.count(granted)).isEqualTo(countBefore);
        assertThat(frames.typeCount(granted)).isEqualTo(typesBefore);
        assertThat(host.freeFrames()).isGreaterThan(freeBefore + TestHost.DEFAULT_DOMU_PAGES - 1);
        assertThat(host.hv.console().text()).doesNotContain("implicitly unmap");
    }
}
