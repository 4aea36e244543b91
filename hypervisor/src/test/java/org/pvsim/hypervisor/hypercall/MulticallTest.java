package org.pvsim.hypervisor.hypercall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MulticallEntryDescriptor;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenVersionCmd;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;
import org.pvsim.hypervisor.version.XenVersionHypercall;

/**
 * {@code multicall} ({@code do_multicall}, {@code xen/common/multicall.c}): each entry's result written back, errors
 * of entries not stopping the batch, re-entry refused, and faults on the list.
 */
class MulticallTest {
    private static final int SIZE = MulticallEntryDescriptor.SIZE;
    private static final long SENTINEL = 0x5E5E_5E5EL;

    private TestHost host;
    private TestGuest d1;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    void audit() {
        host.assertNoViolationsAfterCalls();
        host.assertAudit();
    }

    private static byte[] entry(Hypercall h, long... args) {
        byte[] e = Structs.multicallEntry(h.number, args);
        LittleEndian.putI64(e, MulticallEntryDescriptor.RESULT_OFFSET, SENTINEL);
        return e;
    }

    private long result(long list, int i) {
        return d1.read64(list + (long) i * SIZE + MulticallEntryDescriptor.RESULT_OFFSET);
    }

    private static long version() {
        return (XenVersionHypercall.XEN_MAJOR << 16) | XenVersionHypercall.XEN_MINOR;
    }

    @Test
    void eachEntrysResultIsWrittenBack() {
        long list = d1.put(Structs.multicallList(
                entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0),
                entry(Hypercall.memory_op, MemoryOp.XENMEM_maximum_ram_page.code, 0),
                Structs.multicallEntry(60, 0)));

        assertThat(d1.call(Hypercall.multicall, list, 3)).isZero();

        assertThat(result(list, 0)).isEqualTo(version());
        assertThat(result(list, 1)).isEqualTo(host.hv.machine().nrFrames());
        assertThat(result(list, 2)).isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void aFailingEntryDoesNotStopTheBatch() {
        long ops = d1.mmuextOps(
                new int[] {MmuextCmd.MMUEXT_PIN_L1_TABLE.code}, new long[] {d1.mfn(d1.allocPfn())}, new long[] {0});
        long pfn = d1.allocPfn();
        long list = d1.put(Structs.multicallList(
                entry(Hypercall.mmuext_op, ops, 1, 0, DomId.DOMID_SELF),
                entry(Hypercall.update_va_mapping, d1.va(pfn), X86Paging.entry(d1.mfn(pfn), 0x21), 0),
                entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0)));

        assertThat(d1.call(Hypercall.multicall, list, 3)).isZero();

        assertThat(result(list, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(result(list, 1)).isZero();
        assertThat(result(list, 2)).isEqualTo(version());
        assertThat(host.hv.machine().frames().typeCount(d1.mfn(pfn)))
                .as("the second entry made the page read-only")
                .isZero();
    }

    @Test
    void aNestedMulticallGetsEinvalAndTheBatchGoesOn() {
        long inner = d1.put(Structs.multicallList(entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0)));
        long list = d1.put(Structs.multicallList(
                entry(Hypercall.multicall, inner, 1),
                entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0)));

        assertThat(d1.call(Hypercall.multicall, list, 2)).isZero();

        assertThat(result(list, 0)).isEqualTo(Errno.EINVAL.neg());
        assertThat(d1.read64(inner + MulticallEntryDescriptor.RESULT_OFFSET))
                .as("the nested batch ran nothing")
                .isEqualTo(SENTINEL);
        assertThat(result(list, 1)).isEqualTo(version());
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL})
    void badCallListIsEfault(long list) {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.multicall, list, 1)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void emptyBatchOutsideTheGuestsRangeIsEfaultAndInsideItDoesNothing() {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.multicall, GuestAddresses.XEN_RANGE, 0)))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.multicall, GuestAddresses.UNMAPPED, 0)))
                .isZero();
    }

    @Test
    void hugeEntryCountIsEfault() {
        long list = d1.put(Structs.multicallList(entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0)));
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.multicall, list, -1)))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.multicall, list, Long.MAX_VALUE / SIZE + 1)))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void listRunningIntoAnUnmappedPageRunsTheEntriesBeforeIt() {
        long first = d1.allocPfn();
        long next = d1.allocPfn();
        assertThat(next).isEqualTo(first + 1);
        assertThat(d1.updateVaMapping(d1.va(next), 0, 0)).isZero();
        long list = d1.va(next) - SIZE;
        d1.write(list, entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0));

        assertThat(d1.call(Hypercall.multicall, list, 2)).isEqualTo(Errno.EFAULT.neg());

        assertThat(result(list, 0)).isEqualTo(version());
    }

    @Test
    void resultThatCannotBeWrittenIsEfaultAfterTheEntryRan() {
        long pfn = d1.allocPfn();
        long target = d1.allocPfn();
        d1.write(
                d1.va(pfn),
                Structs.multicallList(
                        entry(Hypercall.update_va_mapping, d1.va(target), X86Paging.entry(d1.mfn(target), 0x21), 0),
                        entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0)));
        assertThat(d1.updateVaMapping(d1.va(pfn), X86Paging.entry(d1.mfn(pfn), 0x21), 0))
                .isZero();

        assertThat(d1.call(Hypercall.multicall, d1.va(pfn), 2)).isEqualTo(Errno.EFAULT.neg());

        assertThat(host.hv.machine().frames().typeCount(d1.mfn(target)))
                .as("the first entry ran")
                .isZero();
        assertThat(result(d1.va(pfn), 1)).as("the second did not").isEqualTo(SENTINEL);
    }

    @Test
    void subCallsAreCountedUnderTheirOwnNumbers() {
        long versions = d1.domain.hypercallCount(Hypercall.xen_version.number);
        long multicalls = d1.domain.hypercallCount(Hypercall.multicall.number);
        long list = d1.put(Structs.multicallList(
                entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0),
                entry(Hypercall.xen_version, XenVersionCmd.XENVER_pagesize.code, 0)));

        assertThat(d1.call(Hypercall.multicall, list, 2)).isZero();

        assertThat(d1.domain.hypercallCount(Hypercall.xen_version.number)).isEqualTo(versions + 2);
        assertThat(d1.domain.hypercallCount(Hypercall.multicall.number)).isEqualTo(multicalls + 1);
    }

    @Test
    void batchEndsWhenAnEntryTakesTheVcpuOffTheCpu() {
        long reason = d1.scratch(8);
        d1.write32(reason, ShutdownReason.SHUTDOWN_reboot.code);
        long list = d1.put(Structs.multicallList(
                entry(Hypercall.sched_op, SchedOp.SCHEDOP_shutdown.code, reason),
                entry(Hypercall.xen_version, XenVersionCmd.XENVER_version.code, 0)));

        assertThat(d1.call(Hypercall.multicall, list, 2)).isZero();

        assertThat(result(list, 0)).isZero();
        assertThat(result(list, 1)).isEqualTo(SENTINEL);
        assertThat(d1.domain.isShutDown()).isTrue();
    }
}
