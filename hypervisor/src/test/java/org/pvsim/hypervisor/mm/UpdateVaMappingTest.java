package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PAT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code update_va_mapping} and {@code update_va_mapping_otherdomain} ({@code __do_update_va_mapping},
 * {@code xen/arch/x86/mm.c}): the L1 entry found through the current tables is updated with {@code mod_l1_entry}'s
 * checks, then the requested flush; failing calls change nothing (I15).
 */
class UpdateVaMappingTest extends AuditedHostTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    private static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;

    private long withoutEffect(TestGuest g, long va, long val, long flags) {
        return host.assertNoEffect(() -> g.call(Hypercall.update_va_mapping, va, val, flags));
    }

    private long otherDomainWithoutEffect(TestGuest g, long va, long val, long flags, int domid) {
        return host.assertNoEffect(() -> g.call(Hypercall.update_va_mapping_otherdomain, va, val, flags, domid, 0));
    }

    @Test
    void remapsTheAddressThroughTheCurrentTables() {
        long a = d1.allocPfn();
        long b = d1.allocPfn();
        d1.write64(d1.va(b), 0xBB);
        int countA = frames.count(d1.mfn(a));
        int countB = frames.count(d1.mfn(b));

        assertThat(d1.updateVaMapping(d1.va(a) + 0x123, X86Paging.entry(d1.mfn(b), RW), UvmFlags.UVMF_NONE))
                .isZero();

        assertThat(d1.read64(d1.va(a))).isEqualTo(0xBB);
        assertThat(frames.count(d1.mfn(a))).isEqualTo(countA - 1);
        assertThat(frames.count(d1.mfn(b))).isEqualTo(countB + 1);
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                UvmFlags.UVMF_TLB_FLUSH | UvmFlags.UVMF_LOCAL,
                UvmFlags.UVMF_TLB_FLUSH | UvmFlags.UVMF_ALL,
                UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_LOCAL,
                UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL
            })
    void everyFlushTypeIsAccepted(long flags) {
        long a = d1.allocPfn();
        assertThat(d1.updateVaMapping(d1.va(a), X86Paging.entry(d1.mfn(a), RO), flags))
                .isZero();
        assertThat(frames.typeCount(d1.mfn(a))).isZero();
    }

    @Test
    void flushWithAVcpuMaskReadsTheMask() {
        long a = d1.allocPfn();
        long mask = d1.scratch(8);
        d1.write64(mask, 1);
        assertThat(d1.updateVaMapping(d1.va(a), X86Paging.entry(d1.mfn(a), RO), UvmFlags.UVMF_INVLPG | mask))
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE & ~7L, 0x0000_7FFF_FFFF_F000L})
    void badVcpuMaskPointerIsEfaultAfterTheUpdate(long mask) {
        long a = d1.allocPfn();
        long b = d1.allocPfn();
        d1.write64(d1.va(b), 0xBB);

        assertThat(d1.updateVaMapping(d1.va(a), X86Paging.entry(d1.mfn(b), RW), UvmFlags.UVMF_TLB_FLUSH | mask))
                .isEqualTo(Errno.EFAULT.neg());

        assertThat(d1.read64(d1.va(a))).as("the update was made").isEqualTo(0xBB);
    }

    @Test
    void failedUpdateDoesNotLookAtTheVcpuMask() {
        long a = d1.allocPfn();
        long foreign = d2.mfn(d2.allocPfn());
        assertThat(withoutEffect(
                        d1, d1.va(a), X86Paging.entry(foreign, RW), UvmFlags.UVMF_TLB_FLUSH | GuestAddresses.UNMAPPED))
                .isEqualTo(Errno.EBUSY.neg());
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                GuestAddresses.UNMAPPED,
                GuestAddresses.XEN_RANGE,
                GuestAddresses.NON_CANONICAL,
                StartOfDayLayout.VIRT_BASE + (100L << X86Paging.L2_PAGETABLE_SHIFT),
                StartOfDayLayout.VIRT_BASE + (5L << X86Paging.L3_PAGETABLE_SHIFT),
                -1L
            })
    void addressNoL1MapsIsEinval(long va) {
        long mfn = d1.mfn(d1.allocPfn());
        assertThat(withoutEffect(d1, va, X86Paging.entry(mfn, RO), 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, va, 0, 0)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void addressWhoseLastTableIsNotAnL1IsEinval() {
        // a read-only linear L2 entry: the "L1" of the addresses it covers is the L2 itself
        int slot = 9;
        assertThat(d1.mmuUpdate(
                        TestGuest.entryMaddr(d1.l2Mfn(), slot), X86Paging.entry(d1.l2Mfn(), RO), DomId.DOMID_SELF))
                .isZero();
        long va = StartOfDayLayout.VIRT_BASE + ((long) slot << X86Paging.L2_PAGETABLE_SHIFT);
        assertThat(d1.read64(va)).as("the linear entry maps the L2's entries").isNotZero();

        assertThat(withoutEffect(d1, va, 0, 0)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void errorsOfModL1EntryAreReturned() {
        long a = d1.allocPfn();
        long va = d1.va(a);
        assertThat(withoutEffect(d1, va, X86Paging.entry(d1.mfn(a), RW | _PAGE_PAT), 0))
                .as("disallowed flag")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, va, X86Paging.entry(d2.mfn(d2.allocPfn()), RO), 0))
                .as("another domain's frame")
                .isEqualTo(Errno.EBUSY.neg());
        assertThat(withoutEffect(d1, va, X86Paging.entry(d1.firstL1Mfn(), RW), 0))
                .as("a page table, writable")
                .isEqualTo(Errno.EBUSY.neg());
        assertThat(withoutEffect(d1, va, X86Paging.entry(host.hv.machine().nrFrames() + 1L, RO), 0))
                .as("an I/O frame, for a domain without I/O memory")
                .isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void entryWithEveryAddressBitSetIsEinvalEvenForTheHardwareDomain() {
        // get_page_from_l1e: a frame no I/O permission covers is -EPERM, except INVALID_MFN, which is -EINVAL
        long invalid = X86Paging.PADDR_FRAME_MASK >>> X86Paging.PAGE_SHIFT;
        assertThat(withoutEffect(d1, d1.va(d1.allocPfn()), X86Paging.entry(invalid, RO), 0))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, dom0.va(dom0.allocPfn()), X86Paging.entry(invalid, RO), 0))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(d1, d1.va(d1.allocPfn()), X86Paging.entry(invalid - 1, RO), 0))
                .isEqualTo(Errno.EPERM.neg());
        long slot = dom0.allocPfn();
        assertThat(dom0.updateVaMapping(dom0.va(slot), X86Paging.entry(invalid - 1, RO), 0))
                .as("other I/O memory is the hardware domain's")
                .isZero();
    }

    @Test
    void otherdomainMapsAFrameOfTheDomainNamedForAPrivilegedCaller() {
        long foreign = d1.allocPfn();
        d1.write64(d1.va(foreign), 0xF00D);
        long slot = dom0.allocPfn();

        assertThat(dom0.call(
                        Hypercall.update_va_mapping_otherdomain,
                        dom0.va(slot),
                        X86Paging.entry(d1.mfn(foreign), RW),
                        0,
                        1,
                        0))
                .isZero();

        assertThat(dom0.read64(dom0.va(slot))).isEqualTo(0xF00D);
        assertThat(otherDomainWithoutEffect(
                        dom0, dom0.va(dom0.allocPfn()), X86Paging.entry(d1.mfn(foreign), RW), 0, DomId.DOMID_SELF))
                .as("without naming the owner")
                .isEqualTo(Errno.EBUSY.neg());
    }

    @Test
    void otherdomainWithAnUnknownDomainOrTheCallersOwnIdIsEsrch() {
        long va = dom0.va(dom0.allocPfn());
        assertThat(otherDomainWithoutEffect(dom0, va, 0, 0, 0x5000)).isEqualTo(Errno.ESRCH.neg());
        assertThat(otherDomainWithoutEffect(dom0, va, 0, 0, 0)).isEqualTo(Errno.ESRCH.neg());
        assertThat(otherDomainWithoutEffect(d1, d1.va(d1.allocPfn()), 0, 0, 1)).isEqualTo(Errno.ESRCH.neg());
    }

    @Test
    void otherdomainFromADomUNamingAnotherDomainIsEperm() {
        long pfn = d1.allocPfn();
        long va = d1.va(pfn);
        assertThat(otherDomainWithoutEffect(d1, va, X86Paging.entry(d2.mfn(d2.allocPfn()), RO), 0, 2))
                .isEqualTo(Errno.EPERM.neg());
        // xsm_update_va_mapping checks the caller over the foreign domain whatever the new entry is
        assertThat(otherDomainWithoutEffect(d1, va, 0, 0, 2)).isEqualTo(Errno.EPERM.neg());
        assertThat(otherDomainWithoutEffect(d1, va, 0, 0, DomId.DOMID_IO)).isEqualTo(Errno.EPERM.neg());
    }
}
