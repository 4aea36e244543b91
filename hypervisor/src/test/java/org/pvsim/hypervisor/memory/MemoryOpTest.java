package org.pvsim.hypervisor.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.abi.XenMemoryReservationDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.machine.FrameAllocator;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code memory_op} ({@code do_memory_op}, {@code xen/common/memory.c}): the reservation commands return the number
 * of extents done, never an errno; the size queries return counts or Xen's errors. A call that does nothing changes
 * nothing (I15).
 */
class MemoryOpTest extends AuditedHostTest {
    private static final int SELF = DomId.DOMID_SELF;

    private FrameAllocator allocator;

    @BeforeEach
    void fields() {
        allocator = host.hv.machine().allocator();
    }

    /** {@code max_mem} of {@code domid}, set by dom0 as the toolstack does, in pages. */
    private void setMaxPages(int domid, long pages) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, domid);
        LittleEndian.putI64(op, DomctlDescriptor.U_MAX_MEM_OFFSET + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, pages * 4);
        assertThat(dom0.domctl(op)).isZero();
    }

    private static long reservation(TestGuest g, long list, long nr, int order, int domid) {
        return g.put(Structs.reservation(list, nr, order, domid));
    }

    private static long memop(TestGuest g, MemoryOp op, long list, long nr, int order, int domid) {
        return g.call(Hypercall.memory_op, op.code, reservation(g, list, nr, order, domid));
    }

    /** A reservation call checked to change nothing: the struct and list are stored before the snapshot. */
    private long memopWithoutEffect(TestGuest g, long cmd, long list, long nr, int order, int domid) {
        long arg = reservation(g, list, nr, order, domid);
        return host.assertNoEffect(() -> g.call(Hypercall.memory_op, cmd, arg));
    }

    private static long list(TestGuest g, long... values) {
        long va = g.scratch(8 * Math.max(1, values.length));
        for (int i = 0; i < values.length; i++) {
            g.write64(va + 8L * i, values[i]);
        }
        return va;
    }

    private static long[] readList(TestGuest g, long va, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = g.read64(va + 8L * i);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ increase

    @Test
    void increaseReservationReturnsTheExtentCountAndTheMfns() {
        Domain d = d1.domain;
        setMaxPages(1, d.totPages() + 8);
        long tot = d.totPages();
        long list = list(d1, 0, 0, 0);

        assertThat(memop(d1, MemoryOp.XENMEM_increase_reservation, list, 3, 1, SELF))
                .isEqualTo(3);

        assertThat(d.totPages()).isEqualTo(tot + 6);
        for (long mfn : readList(d1, list, 3)) {
            for (long f = mfn; f < mfn + 2; f++) {
                assertThat(frames.owner(f)).isEqualTo(1);
                assertThat(frames.count(f)).isEqualTo(1);
                assertThat(frames.hasPgc(f, FrameTable.PGC_allocated)).isTrue();
            }
        }
    }

    @Test
    void increaseReservationWithANullListStillAllocates() {
        setMaxPages(1, d1.domain.totPages() + 2);
        long tot = d1.domain.totPages();
        assertThat(memop(d1, MemoryOp.XENMEM_increase_reservation, 0, 2, 0, SELF))
                .isEqualTo(2);
        assertThat(d1.domain.totPages()).isEqualTo(tot + 2);
    }

    @Test
    void maxPagesIsEnforcedWithAShortCount() {
        setMaxPages(1, d1.domain.totPages() + 3);
        long list = list(d1, new long[5]);

        assertThat(memop(d1, MemoryOp.XENMEM_increase_reservation, list, 5, 0, SELF))
                .isEqualTo(3);

        assertThat(d1.domain.totPages()).isEqualTo(d1.domain.maxPages());
        assertThat(memopWithoutEffect(d1, MemoryOp.XENMEM_increase_reservation.code, list, 1, 0, SELF))
                .isZero();
    }

    @Test
    void extentLargerThanWhatIsLeftUnderMaxPagesIsRefused() {
        setMaxPages(1, d1.domain.totPages() + 3);
        assertThat(memopWithoutEffect(d1, MemoryOp.XENMEM_increase_reservation.code, 0, 1, 2, SELF))
                .isZero();
    }

    @Test
    void extentOrderAboveTheCallersLimitGivesNoExtent() {
        setMaxPages(1, d1.domain.totPages() + 2048);
        setMaxPages(0, dom0.domain.totPages() + (1L << 20));
        assertThat(memopWithoutEffect(
                        d1,
                        MemoryOp.XENMEM_increase_reservation.code,
                        0,
                        1,
                        MemoryOpHypercall.DOMU_MAX_ORDER + 1,
                        SELF))
                .isZero();
        assertThat(memopWithoutEffect(
                        dom0,
                        MemoryOp.XENMEM_increase_reservation.code,
                        0,
                        1,
                        MemoryOpHypercall.CTLDOM_MAX_ORDER + 1,
                        SELF))
                .isZero();
        assertThat(memopWithoutEffect(d1, MemoryOp.XENMEM_populate_physmap.code, list(d1, 0), 1, 10, SELF))
                .isZero();
        assertThat(memopWithoutEffect(d1, MemoryOp.XENMEM_decrease_reservation.code, list(d1, 0), 1, 10, SELF))
                .isZero();
        assertThat(memop(d1, MemoryOp.XENMEM_increase_reservation, 0, 1, MemoryOpHypercall.DOMU_MAX_ORDER, SELF))
                .as("the limit itself is allowed")
                .isEqualTo(1);
    }

    @Test
    void runningOutOfHostMemoryGivesAShortCountNeverAnException() {
        setMaxPages(0, 1L << 30);
        int free = host.freeFrames();
        long list = dom0.scratch(8 * (free + 10));

        long done = memop(dom0, MemoryOp.XENMEM_increase_reservation, list, free + 10, 0, SELF);

        assertThat(done).isEqualTo(free);
        assertThat(host.freeFrames()).isZero();
        assertThat(host.hv.bugs()).isEmpty();
        assertThat(memop(dom0, MemoryOp.XENMEM_decrease_reservation, list, free, 0, SELF))
                .isEqualTo(free);
        assertThat(host.freeFrames()).isEqualTo(free);
    }

    @Test
    void privilegedCallerChangesTheReservationOfTheDomainItNames() {
        setMaxPages(1, d1.domain.totPages() + 1);
        long tot0 = dom0.domain.totPages();
        long list = list(dom0, 0);

        assertThat(memop(dom0, MemoryOp.XENMEM_increase_reservation, list, 1, 0, 1))
                .isEqualTo(1);

        assertThat(frames.owner(dom0.read64(list))).isEqualTo(1);
        assertThat(dom0.domain.totPages()).isEqualTo(tot0);
        assertThat(memop(dom0, MemoryOp.XENMEM_decrease_reservation, list, 1, 0, 1))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = MemoryOp.class,
            names = {"XENMEM_increase_reservation", "XENMEM_decrease_reservation", "XENMEM_populate_physmap"})
    void domUNamingAnotherDomainGetsNoExtent(MemoryOp op) {
        setMaxPages(2, d2.domain.totPages() + 4);
        long list = list(d1, d2.mfn(d2.allocPfn()));
        assertThat(memopWithoutEffect(d1, op.code, list, 1, 0, 2)).isZero();
        assertThat(memopWithoutEffect(d1, op.code, list, 1, 0, 0)).isZero();
        assertThat(memopWithoutEffect(d1, op.code, list, 1, 0, 0x6000))
                .as("unknown")
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = MemoryOp.class,
            names = {"XENMEM_increase_reservation", "XENMEM_decrease_reservation", "XENMEM_populate_physmap"})
    void badReservationPointerGivesTheStartExtent(MemoryOp op) {
        for (long bad : new long[] {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL}) {
            assertThat(host.assertNoEffect(() -> d1.call(Hypercall.memory_op, op.code, bad)))
                    .isZero();
            assertThat(host.assertNoEffect(
                            () -> d1.call(Hypercall.memory_op, op.code | (3L << MemoryOp.MEMOP_EXTENT_SHIFT), bad)))
                    .isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = MemoryOp.class,
            names = {"XENMEM_increase_reservation", "XENMEM_decrease_reservation", "XENMEM_populate_physmap"})
    void badExtentListGivesNoExtent(MemoryOp op) {
        setMaxPages(1, d1.domain.totPages() + 4);
        assertThat(memopWithoutEffect(d1, op.code, GuestAddresses.XEN_RANGE, 2, 0, SELF))
                .isZero();
        assertThat(memopWithoutEffect(d1, op.code, GuestAddresses.NON_CANONICAL, 2, 0, SELF))
                .isZero();
        if (op != MemoryOp.XENMEM_increase_reservation) {
            assertThat(memopWithoutEffect(d1, op.code, GuestAddresses.UNMAPPED, 2, 0, SELF))
                    .isZero();
        }
    }

    @Test
    void startExtentResumesABatch() {
        setMaxPages(1, d1.domain.totPages() + 4);
        long tot = d1.domain.totPages();
        long list = list(d1, new long[4]);
        long cmd = MemoryOp.XENMEM_increase_reservation.code | (2L << MemoryOp.MEMOP_EXTENT_SHIFT);

        assertThat(d1.call(Hypercall.memory_op, cmd, reservation(d1, list, 4, 0, SELF)))
                .isEqualTo(4);

        assertThat(d1.domain.totPages()).isEqualTo(tot + 2);
        long[] mfns = readList(d1, list, 4);
        assertThat(mfns[0]).isZero();
        assertThat(mfns[1]).isZero();
        assertThat(frames.owner(mfns[2])).isEqualTo(1);
        assertThat(frames.owner(mfns[3])).isEqualTo(1);
    }

    @Test
    void startExtentAtOrBeyondTheCountIsReturnedAsIs() {
        long cmd = MemoryOp.XENMEM_increase_reservation.code | (5L << MemoryOp.MEMOP_EXTENT_SHIFT);
        assertThat(memopWithoutEffect(d1, cmd, 0, 5, 0, SELF)).isEqualTo(5);
        assertThat(memopWithoutEffect(d1, cmd, 0, 2, 0, SELF)).isEqualTo(5);
    }

    @Test
    void extentCountTooLargeToContinueGivesNoExtent() {
        setMaxPages(1, d1.domain.totPages() + 4);
        long tooMany = (0xFFFF_FFFFL >>> MemoryOp.MEMOP_EXTENT_SHIFT) + 1;
        assertThat(memopWithoutEffect(d1, MemoryOp.XENMEM_increase_reservation.code, 0, tooMany, 0, SELF))
                .isZero();
        assertThat(memopWithoutEffect(d1, MemoryOp.XENMEM_increase_reservation.code, 0, -1, 0, SELF))
                .isZero();
    }

    // ------------------------------------------------------------------------------------------------ decrease

    @Test
    void decreaseReservationFreesTheFramesItNames() {
        setMaxPages(1, d1.domain.totPages() + 2);
        long list = list(d1, 0, 0);
        assertThat(memop(d1, MemoryOp.XENMEM_increase_reservation, list, 2, 0, SELF))
                .isEqualTo(2);
        long[] mfns = readList(d1, list, 2);
        long tot = d1.domain.totPages();
        int free = host.freeFrames();

        assertThat(memop(d1, MemoryOp.XENMEM_decrease_reservation, list, 2, 0, SELF))
                .isEqualTo(2);

        assertThat(d1.domain.totPages()).isEqualTo(tot - 2);
        assertThat(host.freeFrames()).isEqualTo(free + 2);
        assertThat(allocator.isFree(mfns[0])).isTrue();
        assertThat(allocator.isFree(mfns[1])).isTrue();
    }

    @Test
    void decreaseOfAMappedFrameFreesItWhenTheLastMappingGoes() {
        long pfn = d1.allocPfn();
        long mfn = d1.mfn(pfn);

        assertThat(memop(d1, MemoryOp.XENMEM_decrease_reservation, list(d1, mfn), 1, 0, SELF))
                .isEqualTo(1);

        assertThat(allocator.isFree(mfn)).isFalse();
        assertThat(frames.hasPgc(mfn, FrameTable.PGC_allocated)).isFalse();
        assertThat(frames.m2p(mfn)).isEqualTo(XenAddressSpace.INVALID_M2P_ENTRY);
        assertThat(d1.updateVaMapping(d1.va(pfn), 0, 0)).isZero();
        assertThat(allocator.isFree(mfn)).isTrue();
    }

    @Test
    void decreaseStopsAtAFrameTheDomainDoesNotOwn() {
        long own1 = d1.mfn(d1.allocPfn());
        long own2 = d1.mfn(d1.allocPfn());
        long foreign = d2.mfn(d2.allocPfn());

        assertThat(memop(d1, MemoryOp.XENMEM_decrease_reservation, list(d1, own1, foreign, own2), 3, 0, SELF))
                .isEqualTo(1);

        assertThat(frames.hasPgc(own1, FrameTable.PGC_allocated)).isFalse();
        assertThat(frames.hasPgc(foreign, FrameTable.PGC_allocated)).isTrue();
        assertThat(frames.hasPgc(own2, FrameTable.PGC_allocated)).isTrue();
        assertThat(memopWithoutEffect(
                        d1,
                        MemoryOp.XENMEM_decrease_reservation.code,
                        list(d1, host.hv.machine().nrFrames()),
                        1,
                        0,
                        SELF))
                .as("a frame beyond RAM")
                .isZero();
    }

    // ------------------------------------------------------------------------------------------------ populate

    @Test
    void populatePhysmapAllocatesAtTheGivenPfnsAndSetsTheM2p() {
        setMaxPages(1, d1.domain.totPages() + 4);
        long list = list(d1, 600, 602);

        assertThat(memop(d1, MemoryOp.XENMEM_populate_physmap, list, 2, 1, SELF))
                .isEqualTo(2);

        long[] mfns = readList(d1, list, 2);
        assertThat(frames.m2p(mfns[0])).isEqualTo(600);
        assertThat(frames.m2p(mfns[0] + 1)).isEqualTo(601);
        assertThat(frames.m2p(mfns[1])).isEqualTo(602);
        assertThat(frames.owner(mfns[1] + 1)).isEqualTo(1);
        assertThat(d1.read64(XenAddressSpace.MACH2PHYS_VIRT_START + 8 * (mfns[1] + 1)))
                .isEqualTo(603);
    }

    // ------------------------------------------------------------------------------------------------ queries

    private long query(TestGuest g, MemoryOp op, int domid) {
        long arg = g.scratch(8);
        g.write64(arg, domid);
        return host.assertNoEffect(() -> g.call(Hypercall.memory_op, op.code, arg));
    }

    @Test
    void currentAndMaximumReservationReportTotAndMaxPages() {
        setMaxPages(1, 600);
        assertThat(query(d1, MemoryOp.XENMEM_current_reservation, SELF)).isEqualTo(d1.domain.totPages());
        assertThat(query(d1, MemoryOp.XENMEM_maximum_reservation, SELF)).isEqualTo(600);
        assertThat(query(d1, MemoryOp.XENMEM_current_reservation, 1)).isEqualTo(d1.domain.totPages());
        assertThat(query(dom0, MemoryOp.XENMEM_maximum_reservation, 1)).isEqualTo(600);
        assertThat(query(dom0, MemoryOp.XENMEM_current_reservation, SELF)).isEqualTo(dom0.domain.totPages());
    }

    @ParameterizedTest
    @EnumSource(
            value = MemoryOp.class,
            names = {"XENMEM_current_reservation", "XENMEM_maximum_reservation"})
    void reservationQueriesCheckTheDomainAndTheArguments(MemoryOp op) {
        assertThat(query(dom0, op, 0x6000)).isEqualTo(Errno.ESRCH.neg());
        assertThat(query(d1, op, 0x6000)).isEqualTo(Errno.ESRCH.neg());
        assertThat(query(d1, op, 2)).isEqualTo(Errno.EPERM.neg());
        assertThat(query(d1, op, 0)).isEqualTo(Errno.EPERM.neg());
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.memory_op, op.code, GuestAddresses.UNMAPPED)))
                .isEqualTo(Errno.EFAULT.neg());
        long arg = d1.scratch(8);
        d1.write64(arg, SELF);
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.memory_op, op.code | (1L << MemoryOp.MEMOP_EXTENT_SHIFT), arg)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void maximumRamPageIsTheNumberOfMachineFrames() {
        long op = MemoryOp.XENMEM_maximum_ram_page.code;
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.memory_op, op, 0)))
                .isEqualTo(host.hv.machine().nrFrames());
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.memory_op, op | (1L << MemoryOp.MEMOP_EXTENT_SHIFT), 0)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {8, 63})
    void unknownCommandIsEnosys(long cmd) {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.memory_op, cmd, 0)))
                .isEqualTo(Errno.ENOSYS.neg());
    }

    // ------------------------------------------------------------------------------------------------ mem_flags

    @Test
    void addressWidthOfOnePageOrLessGivesNoExtent() {
        setMaxPages(1, d1.domain.totPages() + 4);
        byte[] r = Structs.reservation(0, 1, 0, SELF);
        LittleEndian.putI32(r, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, 12);
        long arg = d1.put(r);
        // construct_memop_from_reservation: address_bits <= PAGE_SHIFT is -EINVAL, so no extent is done
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, arg)))
                .isZero();
    }

    @Test
    void addressWidthLimitsWhereFramesComeFrom() {
        setMaxPages(1, d1.domain.totPages() + 4);
        byte[] r = Structs.reservation(d1.scratch(8), 1, 0, SELF);
        // frames below 2^20 bytes: all of them belong to dom0, so none is free
        LittleEndian.putI32(r, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, 20);
        long arg = d1.put(r);
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, arg)))
                .isZero();
        LittleEndian.putI32(r, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, 24);
        long wide = d1.put(r);
        assertThat(d1.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, wide))
                .as("24 bits cover the whole 16 MiB host")
                .isEqualTo(1);
    }

    @Test
    void exactNodeRequestFromADomUGivesNoExtent() {
        setMaxPages(1, d1.domain.totPages() + 4);
        byte[] r = Structs.reservation(0, 1, 0, SELF);
        LittleEndian.putI32(
                r,
                XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET,
                XenMemoryReservationDescriptor.nodeFlags(0)
                        | XenMemoryReservationDescriptor.XENMEMF_exact_node_request);
        long arg = d1.put(r);
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, arg)))
                .isZero();
        LittleEndian.putI32(
                r, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, XenMemoryReservationDescriptor.nodeFlags(0));
        assertThat(d1.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, d1.put(r)))
                .as("a node hint alone is ignored for a domU")
                .isEqualTo(1);
    }

    @Test
    void nodeBeyondTheHostsNodesFromTheControlDomainGivesNoExtent() {
        setMaxPages(0, dom0.domain.totPages() + 4);
        byte[] r = Structs.reservation(0, 1, 0, SELF);
        LittleEndian.putI32(
                r, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, XenMemoryReservationDescriptor.nodeFlags(200));
        long arg = dom0.put(r);
        assertThat(host.assertNoEffect(
                        () -> dom0.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, arg)))
                .isZero();
        LittleEndian.putI32(
                r, XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET, XenMemoryReservationDescriptor.nodeFlags(0));
        assertThat(dom0.call(Hypercall.memory_op, MemoryOp.XENMEM_increase_reservation.code, dom0.put(r)))
                .isEqualTo(1);
    }

    @Test
    void populateOnDemandOfAPvDomainIsRefusedOnItselfAndAllocatesNothingForAnother() {
        setMaxPages(1, d1.domain.totPages() + 4);
        long tot = d1.domain.totPages();
        byte[] r = Structs.reservation(list(d1, 700, 701), 2, 0, SELF);
        LittleEndian.putI32(
                r,
                XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET,
                XenMemoryReservationDescriptor.XENMEMF_populate_on_demand);
        long arg = d1.put(r);
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.memory_op, MemoryOp.XENMEM_populate_physmap.code, arg)))
                .isZero();

        byte[] r0 = Structs.reservation(list(dom0, 700, 701), 2, 0, 1);
        LittleEndian.putI32(
                r0,
                XenMemoryReservationDescriptor.MEM_FLAGS_OFFSET,
                XenMemoryReservationDescriptor.XENMEMF_populate_on_demand);
        long arg0 = dom0.put(r0);
        assertThat(host.assertNoEffect(
                        () -> dom0.call(Hypercall.memory_op, MemoryOp.XENMEM_populate_physmap.code, arg0)))
                .as("populate-on-demand is for HVM: each extent counts as done")
                .isEqualTo(2);
        assertThat(d1.domain.totPages()).isEqualTo(tot);
    }
}
