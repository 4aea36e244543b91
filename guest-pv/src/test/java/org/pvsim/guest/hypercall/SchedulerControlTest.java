package org.pvsim.guest.hypercall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetVcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedParamVcpuDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuAffinityDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedIdDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * {@link SchedulerControl} fills {@code xen_domctl} / {@code xen_sysctl} as Xen reads them, with the arrays and
 * bitmaps they point to in guest memory, and decodes what Xen writes back. The fake Xen here plays the hypervisor's
 * part byte by byte, so the tests hold whatever the hypervisor's handlers do.
 */
class SchedulerControlTest {
    private static final int DU = DomctlDescriptor.U_OFFSET;
    private static final int SU = SysctlDescriptor.U_OFFSET;

    /** The structure as the fake Xen last received it. */
    private final byte[] op = new byte[DomctlDescriptor.SIZE];

    /** A fake Xen that keeps the structure it got, lets {@code answer} edit it, and copies it back. */
    private FakeGuestCpu xen(Answer answer) {
        return new FakeGuestCpu(0, (cpu, nr, a1, a2, a3, a4, a5) -> {
            int size = nr == Hypercall.domctl.number ? DomctlDescriptor.SIZE : SysctlDescriptor.SIZE;
            cpu.read(a1, op, 0, size);
            long rc = answer.edit(cpu, op);
            cpu.write(a1, op, 0, size);
            return rc;
        });
    }

    @FunctionalInterface
    private interface Answer {
        long edit(FakeGuestCpu cpu, byte[] op);
    }

    @Test
    void schedIdReadsTheSchedulerXenReports() {
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, SysctlDescriptor.CMD_OFFSET))
                    .isEqualTo(SysctlCmd.XEN_SYSCTL_sched_id.code);
            assertThat(LittleEndian.getI32(o, SysctlDescriptor.INTERFACE_VERSION_OFFSET))
                    .isEqualTo(SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
            LittleEndian.putI32(
                    o, SU + SysctlSchedIdDescriptor.SCHED_ID_OFFSET, XenSchedulerId.XEN_SCHEDULER_CREDIT2.code);
            return 0;
        });

        assertThat(cpu.hypercalls().schedulerControl().schedId()).isEqualTo(6);
        assertThat(cpu.lastCall().number()).isEqualTo(Hypercall.sysctl.number);
    }

    @Test
    void schedIdPassesAnErrorThrough() {
        FakeGuestCpu cpu = xen((c, o) -> Errno.EPERM.neg());

        assertThat(cpu.hypercalls().schedulerControl().schedId()).isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void domainCreditParametersGoInAndComeBackThroughTheUnion() {
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, DomctlDescriptor.CMD_OFFSET))
                    .isEqualTo(DomctlCmd.XEN_DOMCTL_scheduler_op.code);
            assertThat(LittleEndian.getU16(o, DomctlDescriptor.DOMAIN_OFFSET)).isEqualTo(7);
            assertThat(LittleEndian.getI32(o, DU + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET))
                    .isEqualTo(5);
            if (LittleEndian.getI32(o, DU + DomctlSchedulerOpDescriptor.CMD_OFFSET)
                    == DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo) {
                LittleEndian.putU16(o, DU + DomctlSchedulerOpDescriptor.U_CREDIT_WEIGHT_OFFSET, 512);
                LittleEndian.putU16(o, DU + DomctlSchedulerOpDescriptor.U_CREDIT_CAP_OFFSET, 50);
            }
            return 0;
        });
        SchedulerControl sc = cpu.hypercalls().schedulerControl();

        assertThat(sc.getDomainParams(7, XenSchedulerId.XEN_SCHEDULER_CREDIT))
                .isEqualTo(HypercallResult.of(0, new DomctlSchedParams.Credit(512, 50)));

        assertThat(sc.putDomainParams(7, new DomctlSchedParams.Credit(65535, 0xFFFF)))
                .isZero();
        assertThat(LittleEndian.getI32(op, DU + DomctlSchedulerOpDescriptor.CMD_OFFSET))
                .isEqualTo(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo);
        assertThat(LittleEndian.getU16(op, DU + DomctlSchedulerOpDescriptor.U_CREDIT_WEIGHT_OFFSET))
                .isEqualTo(65535);
        assertThat(LittleEndian.getU16(op, DU + DomctlSchedulerOpDescriptor.U_CREDIT_CAP_OFFSET))
                .isEqualTo(0xFFFF);
    }

    @Test
    void domainRtdsParametersUseTheRtdsMembersOfTheUnion() {
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, DU + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET))
                    .isEqualTo(8);
            LittleEndian.putI32(o, DU + DomctlSchedulerOpDescriptor.U_RTDS_PERIOD_OFFSET, 10_000);
            LittleEndian.putI32(o, DU + DomctlSchedulerOpDescriptor.U_RTDS_BUDGET_OFFSET, 4_000);
            LittleEndian.putI32(o, DU + DomctlSchedulerOpDescriptor.U_RTDS_FLAGS_OFFSET, 1);
            return 0;
        });

        HypercallResult<DomctlSchedParams> r =
                cpu.hypercalls().schedulerControl().getDomainParams(1, XenSchedulerId.XEN_SCHEDULER_RTDS);

        assertThat(r.value()).isEqualTo(new DomctlSchedParams.Rtds(10_000, 4_000, 1));
        assertThat(((DomctlSchedParams.Rtds) r.value()).extratime()).isTrue();
    }

    @Test
    void aRefusedGetHasNoValue() {
        FakeGuestCpu cpu = xen((c, o) -> Errno.EINVAL.neg());

        HypercallResult<DomctlSchedParams> r =
                cpu.hypercalls().schedulerControl().getDomainParams(1, XenSchedulerId.XEN_SCHEDULER_CREDIT2);

        assertThat(r.ok()).isFalse();
        assertThat(r.rc()).isEqualTo(Errno.EINVAL.neg());
        assertThat(r.value()).isNull();
        assertThat(r).hasToString("failed: -EINVAL");
    }

    @Test
    void perVcpuParametersTravelAsAnArrayOfSchedparamVcpu() {
        FakeGuestCpu cpu = xen((c, o) -> {
            long va = LittleEndian.getI64(o, DU + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET);
            int n = LittleEndian.getI32(o, DU + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET);
            int cmd = LittleEndian.getI32(o, DU + DomctlSchedulerOpDescriptor.CMD_OFFSET);
            for (int i = 0; i < n; i++) {
                long e = va + DomctlSchedParamVcpuDescriptor.elementOffset(i, n);
                int vcpuid = c.read32(e + DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET);
                if (cmd == DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo) {
                    c.write32(e + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET, 1000 * (vcpuid + 1));
                    c.write32(e + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET, 100 * (vcpuid + 1));
                    c.write32(e + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET, vcpuid % 2);
                } else {
                    // put: the fake refuses a budget above the period, as RTDS does, stopping there
                    int period = c.read32(e + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET);
                    int budget = c.read32(e + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET);
                    if (budget > period) {
                        LittleEndian.putI32(o, DU + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, i);
                        return Errno.EINVAL.neg();
                    }
                }
            }
            return 0;
        });
        SchedulerControl sc = cpu.hypercalls().schedulerControl();

        HypercallResult<List<DomctlSchedParams>> got =
                sc.getVcpuParams(3, XenSchedulerId.XEN_SCHEDULER_RTDS, new int[] {2, 0});
        assertThat(got.value())
                .containsExactly(new DomctlSchedParams.Rtds(3000, 300, 0), new DomctlSchedParams.Rtds(1000, 100, 0));
        assertThat(sc.lastProcessed()).isEqualTo(2);

        long rc = sc.putVcpuParams(
                3,
                new int[] {0, 1, 2},
                List.of(
                        new DomctlSchedParams.Rtds(10_000, 4_000, 1),
                        new DomctlSchedParams.Rtds(1_000, 2_000, 0),
                        new DomctlSchedParams.Rtds(10_000, 1_000, 0)));
        assertThat(rc).isEqualTo(Errno.EINVAL.neg());
        assertThat(sc.lastProcessed()).isEqualTo(1);
        assertThat(LittleEndian.getI32(op, DU + DomctlSchedulerOpDescriptor.CMD_OFFSET))
                .isEqualTo(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putvcpuinfo);
    }

    @Test
    void putVcpuParamsNeedsOneSchedulerAndOneSetPerVcpu() {
        SchedulerControl sc = xen((c, o) -> 0).hypercalls().schedulerControl();

        assertThatThrownBy(() -> sc.putVcpuParams(1, new int[] {0, 1}, List.of(new DomctlSchedParams.Rtds(1, 1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 vCPUs, 1 parameter sets");
        assertThatThrownBy(() -> sc.putVcpuParams(
                        1,
                        new int[] {0, 1},
                        List.of(new DomctlSchedParams.Rtds(1, 1, 0), new DomctlSchedParams.Credit(1, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element 1 is for XEN_SCHEDULER_CREDIT");
        assertThatThrownBy(() -> sc.getDomainParams(1, XenSchedulerId.XEN_SCHEDULER_NULL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parameterValuesMustFitTheirFields() {
        assertThatThrownBy(() -> new DomctlSchedParams.Credit(65536, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credit weight is a 16-bit field: 0..65535, not 65536");
        assertThatThrownBy(() -> new DomctlSchedParams.Rtds(-1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RTDS period is a 32-bit field: 0..4294967295, not -1");
        assertThat(new DomctlSchedParams.Rtds(0xFFFF_FFFFL, 0, 0).periodUs()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void affinityBitmapsAreBytesWithCpuZeroInTheLowestBit() {
        byte[][] mapsSeen = new byte[2][];
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, DomctlDescriptor.CMD_OFFSET))
                    .isEqualTo(DomctlCmd.XEN_DOMCTL_setvcpuaffinity.code);
            assertThat(LittleEndian.getI32(o, DU + DomctlVcpuAffinityDescriptor.VCPU_OFFSET))
                    .isEqualTo(1);
            assertThat(LittleEndian.getI32(o, DU + DomctlVcpuAffinityDescriptor.FLAGS_OFFSET))
                    .isEqualTo(3);
            long hard = LittleEndian.getI64(o, DU + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_BITMAP_OFFSET);
            long soft = LittleEndian.getI64(o, DU + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_BITMAP_OFFSET);
            assertThat(LittleEndian.getI32(o, DU + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_NR_BITS_OFFSET))
                    .isEqualTo(12);
            assertThat(LittleEndian.getI32(o, DU + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_NR_BITS_OFFSET))
                    .isEqualTo(12);
            mapsSeen[0] = new byte[2];
            mapsSeen[1] = new byte[2];
            c.read(hard, mapsSeen[0], 0, 2);
            c.read(soft, mapsSeen[1], 0, 2);
            // effective affinity: the host has CPUs 0..3 only
            c.write8(hard, mapsSeen[0][0] & 0x0F);
            c.write8(hard + 1, 0);
            c.write8(soft, mapsSeen[1][0] & mapsSeen[0][0] & 0x0F);
            c.write8(soft + 1, 0);
            return 0;
        });
        BitSet hard = new BitSet();
        hard.set(0);
        hard.set(2, 4);
        hard.set(9);
        BitSet soft = new BitSet();
        soft.set(3);
        soft.set(11);

        HypercallResult<VcpuAffinity> r = cpu.hypercalls()
                .schedulerControl()
                .setVcpuAffinity(
                        2,
                        1,
                        DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD
                                | DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT,
                        hard,
                        soft,
                        12);

        assertThat(mapsSeen[0]).containsExactly(0b0000_1101, 0b0000_0010);
        assertThat(mapsSeen[1]).containsExactly(0b0000_1000, 0b0000_1000);
        assertThat(r.value().hard()).isEqualTo(BitSet.valueOf(new byte[] {0b1101}));
        assertThat(r.value().soft()).isEqualTo(BitSet.valueOf(new byte[] {0b1000}));
    }

    @Test
    void getAffinityReturnsOnlyTheMapsAskedFor() {
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, DomctlDescriptor.CMD_OFFSET))
                    .isEqualTo(DomctlCmd.XEN_DOMCTL_getvcpuaffinity.code);
            c.write8(LittleEndian.getI64(o, DU + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_BITMAP_OFFSET), 0xFF);
            return 0;
        });

        VcpuAffinity a = cpu.hypercalls()
                .schedulerControl()
                .getVcpuAffinity(2, 0, DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD, 4)
                .value();

        assertThat(a.hard()).as("bits beyond nr_bits are dropped").isEqualTo(BitSet.valueOf(new byte[] {0x0F}));
        assertThat(a.soft()).isNull();
    }

    @Test
    void aMapNamingACpuBeyondNrBitsIsRefusedBeforeTheCall() {
        FakeGuestCpu cpu = xen((c, o) -> 0);
        BitSet hard = new BitSet();
        hard.set(8);

        assertThatThrownBy(() -> cpu.hypercalls().schedulerControl().setVcpuAffinity(1, 0, 1, hard, null, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the hard map names CPU 8, beyond nr_bits 8");
        assertThat(cpu.calls()).isEmpty();
    }

    @Test
    void getVcpuInfoDecodesTheFlagsTimeAndCpu() {
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, DU + DomctlGetVcpuInfoDescriptor.VCPU_OFFSET))
                    .isEqualTo(3);
            o[DU + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET] = 1;
            o[DU + DomctlGetVcpuInfoDescriptor.BLOCKED_OFFSET] = 1;
            o[DU + DomctlGetVcpuInfoDescriptor.RUNNING_OFFSET] = 0;
            LittleEndian.putI64(o, DU + DomctlGetVcpuInfoDescriptor.CPU_TIME_OFFSET, 1_234_567_890_123L);
            LittleEndian.putI32(o, DU + DomctlGetVcpuInfoDescriptor.CPU_OFFSET, 2);
            return 0;
        });

        assertThat(cpu.hypercalls().schedulerControl().getVcpuInfo(4, 3).value())
                .isEqualTo(new VcpuInfo(true, true, false, 1_234_567_890_123L, 2));
        assertThat(LittleEndian.getI32(op, DomctlDescriptor.CMD_OFFSET))
                .isEqualTo(DomctlCmd.XEN_DOMCTL_getvcpuinfo.code);
    }

    @Test
    void poolParametersOfCreditAndCredit2() {
        FakeGuestCpu cpu = xen((c, o) -> {
            assertThat(LittleEndian.getI32(o, SysctlDescriptor.CMD_OFFSET))
                    .isEqualTo(SysctlCmd.XEN_SYSCTL_scheduler_op.code);
            assertThat(LittleEndian.getI32(o, SU + SysctlSchedulerOpDescriptor.CPUPOOL_ID_OFFSET))
                    .isZero();
            int sched = LittleEndian.getI32(o, SU + SysctlSchedulerOpDescriptor.SCHED_ID_OFFSET);
            if (LittleEndian.getI32(o, SU + SysctlSchedulerOpDescriptor.CMD_OFFSET)
                    == SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_putinfo) {
                return 0; // the parameters now in force are those put, already in the structure
            }
            if (sched == XenSchedulerId.XEN_SCHEDULER_CREDIT.code) {
                LittleEndian.putI32(o, SU + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_TSLICE_MS_OFFSET, 30);
                LittleEndian.putI32(o, SU + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_RATELIMIT_US_OFFSET, 1000);
                LittleEndian.putI32(o, SU + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET, 0);
            } else {
                LittleEndian.putI32(o, SU + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT2_RATELIMIT_US_OFFSET, 500);
            }
            return 0;
        });
        SchedulerControl sc = cpu.hypercalls().schedulerControl();

        assertThat(sc.getPoolParams(0, XenSchedulerId.XEN_SCHEDULER_CREDIT).value())
                .isEqualTo(new SysctlSchedParams.Credit(30, 1000, 0));
        assertThat(sc.getPoolParams(0, XenSchedulerId.XEN_SCHEDULER_CREDIT2).value())
                .isEqualTo(new SysctlSchedParams.Credit2(500));
        assertThat(sc.putPoolParams(0, new SysctlSchedParams.Credit(10, 200, 300))
                        .value())
                .isEqualTo(new SysctlSchedParams.Credit(10, 200, 300));
        assertThat(LittleEndian.getI32(op, SU + SysctlSchedulerOpDescriptor.U_SCHED_CREDIT_VCPU_MIGR_DELAY_US_OFFSET))
                .isEqualTo(300);
        assertThatThrownBy(() -> sc.getPoolParams(0, XenSchedulerId.XEN_SCHEDULER_RTDS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
