package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Descriptors' array-element offset methods: their offsets in range, and their refusals out of range. */
class ArrayOffsetMethodsTest {

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of(
                        "shared_info.vcpu_info",
                        (IntUnaryOperator) SharedInfoDescriptor::vcpuInfoOffset,
                        32,
                        "XEN_LEGACY_MAX_VCPUS",
                        0,
                        64),
                Arguments.of(
                        "shared_info.evtchn_pending",
                        (IntUnaryOperator) SharedInfoDescriptor::evtchnPendingOffset,
                        64,
                        "sizeof(xen_ulong_t) * 8",
                        2048,
                        8),
                Arguments.of(
                        "shared_info.evtchn_mask",
                        (IntUnaryOperator) SharedInfoDescriptor::evtchnMaskOffset,
                        64,
                        "sizeof(xen_ulong_t) * 8",
                        2560,
                        8),
                Arguments.of(
                        "vcpu_runstate_info.time",
                        (IntUnaryOperator) VcpuRunstateInfoDescriptor::timeOffset,
                        4,
                        "RUNSTATE_*",
                        16,
                        8),
                Arguments.of(
                        "multicall_entry.args",
                        (IntUnaryOperator) MulticallEntryDescriptor::argOffset,
                        6,
                        "NR_ARGS",
                        16,
                        8),
                Arguments.of(
                        "vcpu_guest_context.trap_ctxt",
                        (IntUnaryOperator) VcpuGuestContextDescriptor::trapCtxtOffset,
                        256,
                        "vectors",
                        720,
                        16),
                Arguments.of(
                        "vcpu_guest_context.gdt_frames",
                        (IntUnaryOperator) VcpuGuestContextDescriptor::gdtFrameOffset,
                        16,
                        "NR_GDT_FRAMES",
                        4832,
                        8),
                Arguments.of(
                        "vcpu_guest_context.ctrlreg",
                        (IntUnaryOperator) VcpuGuestContextDescriptor::ctrlregOffset,
                        8,
                        "CR0-CR7",
                        4984,
                        8),
                Arguments.of(
                        "vcpu_guest_context.debugreg",
                        (IntUnaryOperator) VcpuGuestContextDescriptor::debugregOffset,
                        8,
                        "DR0-DR7",
                        5048,
                        8),
                Arguments.of(
                        "xen_sysctl_physinfo.hw_cap",
                        (IntUnaryOperator) SysctlPhysinfoDescriptor::hwCapOffset,
                        8,
                        "NR_HW_CAP",
                        80,
                        4),
                Arguments.of(
                        "xen_sysctl_getdomaininfolist.buffer",
                        (IntUnaryOperator) i -> (int) SysctlGetDomainInfoListDescriptor.bufferEntryOffset(i, 5),
                        5,
                        "max_domains",
                        0,
                        112),
                Arguments.of(
                        "xen_domctl_scheduler_op.u.v.vcpus",
                        (IntUnaryOperator) i -> (int) DomctlSchedParamVcpuDescriptor.elementOffset(i, 3),
                        3,
                        "nr_vcpus",
                        0,
                        16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void firstAndLastElementsAreAtBasePlusIndexTimesStride(
            String array, IntUnaryOperator offset, int count, String bound, int base, int stride) {
        assertThat(offset.applyAsInt(0)).isEqualTo(base);
        assertThat(offset.applyAsInt(1)).isEqualTo(base + stride);
        assertThat(offset.applyAsInt(count - 1)).isEqualTo(base + (count - 1) * stride);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void indexPastTheEndIsRefusedNamingTheArrayTheBoundAndTheIndex(
            String array, IntUnaryOperator offset, int count, String bound, int base, int stride) {
        assertThatThrownBy(() -> offset.applyAsInt(count))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("%s index must be in 0..%d (%s = %d), got %d", array, count - 1, bound, count, count);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void negativeIndexIsRefused(String array, IntUnaryOperator offset, int count, String bound, int base, int stride) {
        assertThatThrownBy(() -> offset.applyAsInt(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(array)
                .hasMessageEndingWith("got -1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void lastElementEndsInsideItsStruct(
            String array, IntUnaryOperator offset, int count, String bound, int base, int stride) {
        // arrays that a handle points to lie outside the structure that names them
        if (!array.startsWith("xen_sysctl_getdomaininfolist") && !array.startsWith("xen_domctl_scheduler_op")) {
            String struct = array.substring(0, array.indexOf('.'));
            String field = array.substring(array.indexOf('.') + 1);
            StructLayout l = DescriptorLayoutsTest.descriptors()
                    .map(DescriptorLayoutsTest::layout)
                    .filter(s -> s.name().equals(struct))
                    .findFirst()
                    .orElseThrow();
            FieldLayout f = l.field(field);
            assertThat(offset.applyAsInt(count - 1) + stride).isEqualTo(f.end());
            assertThat(offset.applyAsInt(0)).isEqualTo(f.offset());
        }
    }
}
