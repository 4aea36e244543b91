package org.pvsim.hypervisor.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * The shared_info frame: Xen allocates it from its own heap and shares it with the domain writable
 * ({@code share_xen_page_with_guest(SHARE_rw)}, {@code xen/arch/x86/mm.c}), which holds a writable type reference for
 * as long as the domain lives, and keeps using it after the domain gives it back with {@code decrease_reservation}.
 */
class SharedInfoFrameTest {
    private static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;

    private TestHost host;
    private TestGuest dom0;
    private TestGuest d1;
    private long sharedInfo;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        dom0 = host.dom0();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        sharedInfo = d1.domain.sharedInfoMfn();
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    void audit() {
        host.assertNoViolationsAfterCalls();
        host.assertAudit();
    }

    @Test
    void theDomainMapsItsSharedInfoWritable() {
        long pfn = d1.allocPfn();
        assertThat(d1.updateVaMapping(d1.va(pfn), X86Paging.entry(sharedInfo, RW), 0))
                .isZero();
        d1.write64(d1.va(pfn) + 64, 0x5151);
        assertThat(host.hv.machine().memory().read64(sharedInfo, 64)).isEqualTo(0x5151);
    }

    @ParameterizedTest
    @EnumSource(
            value = MmuextCmd.class,
            names = {"MMUEXT_PIN_L1_TABLE", "MMUEXT_PIN_L2_TABLE", "MMUEXT_PIN_L3_TABLE", "MMUEXT_PIN_L4_TABLE"})
    void sharedInfoCanNeverBecomeAPageTable(MmuextCmd pin) {
        long ops = d1.mmuextOps(new int[] {pin.code}, new long[] {sharedInfo}, new long[] {0});
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.mmuext_op, ops, 1, 0, DomId.DOMID_SELF, 0)))
                .isEqualTo(Errno.EINVAL.neg());
        long reqs = d1.mmuUpdateRequests(
                new long[] {TestGuest.entryMaddr(d1.l2Mfn(), 9)},
                new long[] {X86Paging.entry(sharedInfo, StartOfDayLayout.UPPER_PROT)});
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.mmu_update, reqs, 1, 0, DomId.DOMID_SELF, 0)))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(host.hv.machine().frames().type(sharedInfo)).isEqualTo(PageType.PGT_writable_page);
    }

    @Test
    void givenBackSharedInfoStaysXensAndIsNeitherFreedNorMappable() {
        long list = d1.scratch(8);
        d1.write64(list, sharedInfo);
        long heap = d1.domain.xenheapPages();

        assertThat(d1.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_decrease_reservation.code,
                        d1.put(Structs.reservation(list, 1, 0, DomId.DOMID_SELF))))
                .isEqualTo(1);

        assertThat(d1.domain.xenheapPages()).isEqualTo(heap - 1);
        assertThat(host.hv.machine().allocator().isFree(sharedInfo))
                .as("Xen still uses the frame as d1's shared_info")
                .isFalse();
        assertThat(d1.updateVaMapping(d1.va(d1.allocPfn()), X86Paging.entry(sharedInfo, RW), 0))
                .isEqualTo(Errno.EBUSY.neg());

        // all the free memory goes to dom0, and none of it is d1's shared_info
        byte[] maxMem = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, 0);
        LittleEndian.putI64(
                maxMem, DomctlDescriptor.U_MAX_MEM_OFFSET + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, 1L << 40);
        assertThat(dom0.domctl(maxMem)).isZero();
        int free = host.freeFrames();
        long mfns = dom0.scratch(8 * free);
        assertThat(dom0.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_increase_reservation.code,
                        dom0.put(Structs.reservation(mfns, free, 0, DomId.DOMID_SELF))))
                .isEqualTo(free);
        for (int i = 0; i < free; i++) {
            assertThat(dom0.read64(mfns + 8L * i)).isNotEqualTo(sharedInfo);
        }
    }

    @Test
    void destroyingTheDomainReturnsAGivenBackSharedInfoToThePool() {
        long list = d1.scratch(8);
        d1.write64(list, sharedInfo);
        assertThat(d1.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_decrease_reservation.code,
                        d1.put(Structs.reservation(list, 1, 0, DomId.DOMID_SELF))))
                .isEqualTo(1);

        assertThat(dom0.domctl(Structs.domctl(DomctlCmd.XEN_DOMCTL_destroydomain, 1)))
                .isZero();

        assertThat(host.hv.domains().get(1)).isNull();
        assertThat(host.hv.machine().allocator().isFree(sharedInfo)).isTrue();
    }
}
