package org.pvsim.hypervisor.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pvsim.hypervisor.Schedulers;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedParamVcpuDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedIdDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * {@code XEN_DOMCTL_scheduler_op} and {@code XEN_SYSCTL_scheduler_op} against every policy in {@link
 * Schedulers#NAMES}, so that a policy registered later is covered without touching this test. A policy without domain
 * parameters (its getinfo is {@code -EINVAL}, or succeeds and writes nothing, as Xen's null scheduler) is skipped
 * where parameters are needed. The values put are derived from what getinfo answers, so they are valid for the
 * policy. After a domain-wide put, the values must show in getinfo or, for a policy whose getinfo answers its
 * defaults (RTDS, {@code rt_dom_cntl}), in every vCPU's getvcpuinfo.
 */
class SchedulerParamsEveryPolicyTest {
    private static final int SO = DomctlDescriptor.U_SCHEDULER_OP_OFFSET;
    private static final int U = SO + DomctlSchedulerOpDescriptor.U_OFFSET;
    private static final int PERIOD = SO + DomctlSchedulerOpDescriptor.U_RTDS_PERIOD_OFFSET;
    private static final int BUDGET = SO + DomctlSchedulerOpDescriptor.U_RTDS_BUDGET_OFFSET;
    private static final int WEIGHT = SO + DomctlSchedulerOpDescriptor.U_CREDIT_WEIGHT_OFFSET;
    private static final int CAP = SO + DomctlSchedulerOpDescriptor.U_CREDIT_CAP_OFFSET;
    private static final int SSO = SysctlDescriptor.U_SCHEDULER_OP_OFFSET;
    private static final int DOMU = 1;
    private static final int DOMU_VCPUS = 2;
    private static final byte SENTINEL = (byte) 0xA5;

    static Stream<String> policies() {
        return Schedulers.NAMES.stream();
    }

    private static final class Host {
        final TestHost host;
        final TestGuest dom0;
        final int schedId;
        final boolean rtds;

        Host(String policy) {
            host = TestHost.boot(policy);
            dom0 = host.dom0();
            host.domU(DOMU, TestHost.DEFAULT_DOMU_PAGES, DOMU_VCPUS);
            host.auditAfterEveryHypercall();
            byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_sched_id);
            assertThat(dom0.sysctl(op)).isZero();
            schedId = LittleEndian.getI32(
                    op, SysctlDescriptor.U_SCHED_ID_OFFSET + SysctlSchedIdDescriptor.SCHED_ID_OFFSET);
            rtds = schedId == XenSchedulerId.XEN_SCHEDULER_RTDS.code;
        }

        byte[] op(int cmd) {
            byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_scheduler_op, DOMU);
            LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET, schedId);
            LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.CMD_OFFSET, cmd);
            return op;
        }

        /** getinfo with a sentinel-filled union; {@code null} if the policy has no domain parameters. */
        byte[] getinfoOrNull() {
            byte[] op = op(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo);
            Arrays.fill(op, U, DomctlDescriptor.SIZE, SENTINEL);
            byte[] before = op.clone();
            long rc = dom0.domctl(op);
            if (rc == Errno.EINVAL.neg()) {
                return null;
            }
            assertThat(rc).isZero();
            return Arrays.equals(op, before) ? null : op;
        }

        void end() {
            host.assertNoViolationsAfterCalls();
            host.assertAudit();
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void theHostReportsThePolicysIdAndRefusesAnyOther(String policy) {
        Host h = new Host(policy);
        assertThat(h.schedId).isEqualTo(h.host.hv.sched().policy().schedulerId());

        byte[] op = h.op(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo);
        LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET, h.schedId + 1);
        assertThat(h.dom0.domctl(op)).isEqualTo(Errno.EINVAL.neg());
        h.end();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void putinfoThenGetinfoRoundTrips(String policy) {
        Host h = new Host(policy);
        byte[] got = h.getinfoOrNull();
        assumeTrue(got != null, policy + " has no domain parameters");

        byte[] put = h.op(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo);
        long a;
        long b;
        if (h.rtds) {
            a = LittleEndian.getU32(got, PERIOD) * 2;
            b = LittleEndian.getU32(got, BUDGET);
            LittleEndian.putI32(put, PERIOD, (int) a);
            LittleEndian.putI32(put, BUDGET, (int) b);
        } else {
            a = LittleEndian.getU16(got, WEIGHT) == 512 ? 256 : 512;
            b = LittleEndian.getU16(got, CAP) == 50 ? 25 : 50;
            LittleEndian.putU16(put, WEIGHT, (int) a);
            LittleEndian.putU16(put, CAP, (int) b);
        }
        assertThat(h.dom0.domctl(put)).as(policy + " putinfo").isZero();

        byte[] after = h.getinfoOrNull();
        boolean domainWide = h.rtds
                ? LittleEndian.getU32(after, PERIOD) == a && LittleEndian.getU32(after, BUDGET) == b
                : LittleEndian.getU16(after, WEIGHT) == a && LittleEndian.getU16(after, CAP) == b;
        if (!domainWide) {
            byte[] elems = vcpuArray(h, DOMU_VCPUS);
            assertThat(elems)
                    .as(policy + "'s getinfo does not show the put values; getvcpuinfo must")
                    .isNotNull();
            for (int i = 0; i < DOMU_VCPUS; i++) {
                int e = i * DomctlSchedParamVcpuDescriptor.SIZE;
                if (h.rtds) {
                    assertThat(LittleEndian.getU32(elems, e + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET))
                            .isEqualTo(a);
                    assertThat(LittleEndian.getU32(elems, e + DomctlSchedParamVcpuDescriptor.U_RTDS_BUDGET_OFFSET))
                            .isEqualTo(b);
                } else {
                    assertThat(LittleEndian.getU16(elems, e + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET))
                            .isEqualTo(a);
                    assertThat(LittleEndian.getU16(elems, e + DomctlSchedParamVcpuDescriptor.U_CREDIT_CAP_OFFSET))
                            .isEqualTo(b);
                }
            }
        }
        h.end();
    }

    /** getvcpuinfo of vCPUs 0..n-1 of the domU in one call; {@code null} if the policy refuses it. */
    private static byte[] vcpuArray(Host h, int n) {
        byte[] elems = new byte[n * DomctlSchedParamVcpuDescriptor.SIZE];
        for (int i = 0; i < n; i++) {
            LittleEndian.putI32(
                    elems, i * DomctlSchedParamVcpuDescriptor.SIZE + DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET, i);
        }
        long va = h.dom0.put(elems);
        byte[] op = h.op(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo);
        LittleEndian.putI64(op, SO + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET, va);
        LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, n);
        long rc = h.dom0.domctl(op);
        if (rc != 0) {
            return null;
        }
        assertThat(LittleEndian.getU32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET))
                .as("nr_vcpus: the elements processed")
                .isEqualTo(n);
        return h.dom0.read(va, elems.length);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void putvcpuinfoThenGetvcpuinfoRoundTripsAndABadVcpuStopsTheWalk(String policy) {
        Host h = new Host(policy);
        byte[] got = vcpuArray(h, DOMU_VCPUS);
        assumeTrue(got != null, policy + " has no per-vCPU parameters");
        assumeTrue(h.getinfoOrNull() != null, policy + " has no parameters at all");

        // vCPU 1 gets changed values, derived from its current ones; vCPU 0 keeps its own
        int e = DomctlSchedParamVcpuDescriptor.SIZE;
        byte[] put = got.clone();
        if (h.rtds) {
            long period = LittleEndian.getU32(got, e + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET);
            LittleEndian.putI32(put, e + DomctlSchedParamVcpuDescriptor.U_RTDS_PERIOD_OFFSET, (int) (period * 3));
            int flags = LittleEndian.getI32(got, e + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET);
            LittleEndian.putI32(
                    put,
                    e + DomctlSchedParamVcpuDescriptor.U_RTDS_FLAGS_OFFSET,
                    flags ^ DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra);
        } else {
            int weight = LittleEndian.getU16(got, e + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET);
            LittleEndian.putU16(
                    put, e + DomctlSchedParamVcpuDescriptor.U_CREDIT_WEIGHT_OFFSET, weight == 512 ? 256 : 512);
        }
        long va = h.dom0.put(put);
        byte[] op = h.op(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putvcpuinfo);
        LittleEndian.putI64(op, SO + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET, va);
        LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, DOMU_VCPUS);
        assertThat(h.dom0.domctl(op)).isZero();
        assertThat(LittleEndian.getU32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET))
                .isEqualTo(DOMU_VCPUS);

        byte[] again = vcpuArray(h, DOMU_VCPUS);
        assertThat(again).as("getvcpuinfo answers what putvcpuinfo set").isEqualTo(put);

        // a bad vcpuid after a good one: -EINVAL, and nr_vcpus is not updated
        byte[] bad = new byte[2 * e];
        LittleEndian.putI32(bad, DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET, 0);
        LittleEndian.putI32(bad, e + DomctlSchedParamVcpuDescriptor.VCPUID_OFFSET, DOMU_VCPUS);
        byte[] get = h.op(DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo);
        LittleEndian.putI64(get, SO + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET, h.dom0.put(bad));
        LittleEndian.putI32(get, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, 2);
        assertThat(h.dom0.domctl(get)).isEqualTo(Errno.EINVAL.neg());
        assertThat(LittleEndian.getU32(get, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET))
                .isEqualTo(2);

        // an array Xen cannot read is -EFAULT
        LittleEndian.putI64(get, SO + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET, 0x0000_4000_0000_0000L);
        assertThat(h.dom0.domctl(get)).isEqualTo(Errno.EFAULT.neg());

        // an empty array: nothing to do, success, nr_vcpus 0
        LittleEndian.putI32(get, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, 0);
        assertThat(h.dom0.domctl(get)).isZero();
        h.end();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void sysctlGetinfoAnswersWhatPutinfoOfTheSameValuesKeeps(String policy) {
        Host h = new Host(policy);
        byte[] get = Structs.sysctl(SysctlCmd.XEN_SYSCTL_scheduler_op);
        LittleEndian.putI32(get, SSO + SysctlSchedulerOpDescriptor.SCHED_ID_OFFSET, h.schedId);
        LittleEndian.putI32(
                get,
                SSO + SysctlSchedulerOpDescriptor.CMD_OFFSET,
                SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_getinfo);
        long rc = h.dom0.sysctl(get);
        assumeTrue(rc == 0, policy + " has no global parameters");

        byte[] put = get.clone();
        LittleEndian.putI32(
                put,
                SSO + SysctlSchedulerOpDescriptor.CMD_OFFSET,
                SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_putinfo);
        assertThat(h.dom0.sysctl(put)).isZero();
        assertThat(Arrays.copyOfRange(put, SSO + SysctlSchedulerOpDescriptor.U_OFFSET, SysctlDescriptor.SIZE))
                .as("a put answers the values in force")
                .isEqualTo(Arrays.copyOfRange(get, SSO + SysctlSchedulerOpDescriptor.U_OFFSET, SysctlDescriptor.SIZE));
        h.end();
    }
}
