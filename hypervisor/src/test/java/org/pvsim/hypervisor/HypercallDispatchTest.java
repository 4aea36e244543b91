package org.pvsim.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.MulticallEntryDescriptor;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** Dispatch by hypercall number ({@code pv_hypercall_table}): unknown numbers, counting, and no escaping exception. */
class HypercallDispatchTest {
    private TestHost host;
    private TestGuest d1;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 43, 47, 56, 63, 64, 1000, -1, Integer.MAX_VALUE})
    void unknownOrUnservedNumberIsEnosys(int op) {
        assertThat(host.assertNoEffect(() -> host.hv.hypercall(d1.vcpu(), host.hv.now(), op, 0, 0, 0, 0, 0)))
                .isEqualTo(Errno.ENOSYS.neg());
        host.assertAudit();
    }

    @Test
    void unknownNumberInAMulticallEntryIsEnosysWhateverItsUpperBits() {
        long list = d1.put(Structs.multicallList(
                Structs.multicallEntry(1L << 32 | Hypercall.xen_version.number),
                Structs.multicallEntry(-1L),
                Structs.multicallEntry(Long.MIN_VALUE)));
        assertThat(d1.call(Hypercall.multicall, list, 3)).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(d1.read64(
                            list + (long) i * MulticallEntryDescriptor.SIZE + MulticallEntryDescriptor.RESULT_OFFSET))
                    .as("entry %d", i)
                    .isEqualTo(Errno.ENOSYS.neg());
        }
    }

    @Test
    void eachCallIsCountedForTheCallingDomainUnderItsNumber() {
        long before = d1.domain.hypercallCount(Hypercall.xen_version.number);
        long dom0Before = host.hv.domains().get(0).hypercallCount(Hypercall.xen_version.number);
        d1.call(Hypercall.xen_version, 0, 0);
        d1.call(Hypercall.xen_version, 0, 0);
        assertThat(d1.domain.hypercallCount(Hypercall.xen_version.number)).isEqualTo(before + 2);
        assertThat(host.hv.domains().get(0).hypercallCount(Hypercall.xen_version.number))
                .isEqualTo(dom0Before);
    }

    @Test
    void anExceptionInsideAHandlerIsReportedAsABugAndNeverEscapes() {
        host.hv.hypercallTable().registerSubsystem(Hypercall.xsm_op, (ctx, a1, a2, a3, a4, a5) -> {
            throw new IllegalStateException("broken handler");
        });

        long rc = d1.call(Hypercall.xsm_op, 0, 0);

        assertThat(rc).isNegative();
        assertThat(host.hv.bugs()).singleElement().asString().contains("broken handler");
        assertThat(host.hv.isHalted()).as("a Xen BUG() stops the host").isTrue();
        assertThat(host.auditor.audit()).extracting(v -> v.invariant()).contains("I17");
    }

    @Test
    void argumentsBeyondAHandlersParametersAreIgnored() {
        assertThat(d1.call(Hypercall.xen_version, 0, 0, -1, -1, -1))
                .isEqualTo(d1.call(Hypercall.xen_version, 0, 0, 0, 0, 0));
    }
}
