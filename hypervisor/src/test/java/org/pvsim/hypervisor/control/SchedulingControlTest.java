package org.pvsim.hypervisor.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetVcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuAffinityDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.sched.RoundRobinScheduler;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * The scheduling domctls and sysctls on a host running round-robin ({@code rr}, which has no parameters): {@code
 * XEN_DOMCTL_scheduler_op} ({@code sched_adjust}), {@code setvcpuaffinity}/{@code getvcpuaffinity} ({@code
 * vcpu_affinity_domctl}), {@code getvcpuinfo} and {@code XEN_SYSCTL_scheduler_op} ({@code sched_adjust_global}): their
 * checks in Xen's order, what they read and write in guest memory, and privilege. {@link SchedulerParamsEveryPolicyTest}
 * covers the parameters of the policies that have them.
 */
class SchedulingControlTest extends AuditedHostTest {
    private static final int SO = DomctlDescriptor.U_SCHEDULER_OP_OFFSET;
    private static final int VA = DomctlDescriptor.U_VCPUAFFINITY_OFFSET;
    private static final int VI = DomctlDescriptor.U_GETVCPUINFO_OFFSET;
    private static final int SSO = SysctlDescriptor.U_SCHEDULER_OP_OFFSET;
    private static final int RR = RoundRobinScheduler.SCHEDULER_ID;

    @Override
    protected int d1Vcpus() {
        return 2;
    }

    private long withoutEffect(TestGuest g, Hypercall h, byte[] op) {
        long va = g.put(op);
        return host.assertNoEffect(() -> g.call(h, va, 0));
    }

    private static byte[] schedulerOp(int domid, long schedId, long cmd) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_scheduler_op, domid);
        LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.SCHED_ID_OFFSET, (int) schedId);
        LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.CMD_OFFSET, (int) cmd);
        return op;
    }

    private static byte[] affinity(
            DomctlCmd cmd, int domid, long vcpu, int flags, long hard, int hardBits, long soft, int softBits) {
        byte[] op = Structs.domctl(cmd, domid);
        LittleEndian.putI32(op, VA + DomctlVcpuAffinityDescriptor.VCPU_OFFSET, (int) vcpu);
        LittleEndian.putI32(op, VA + DomctlVcpuAffinityDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putI64(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_BITMAP_OFFSET, hard);
        LittleEndian.putI32(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_HARD_NR_BITS_OFFSET, hardBits);
        LittleEndian.putI64(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_BITMAP_OFFSET, soft);
        LittleEndian.putI32(op, VA + DomctlVcpuAffinityDescriptor.CPUMAP_SOFT_NR_BITS_OFFSET, softBits);
        return op;
    }

    private static final int HARD = DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_HARD;
    private static final int SOFT = DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_SOFT;
    private static final int FORCE = DomctlVcpuAffinityDescriptor.XEN_VCPUAFFINITY_FORCE;

    /** A bitmap of {@code bytes} bytes in dom0's memory, holding {@code first}. */
    private long bitmap(int bytes, int first) {
        byte[] b = new byte[bytes];
        b[0] = (byte) first;
        return dom0.put(b);
    }

    private long setAffinity(int domid, long vcpu, int flags, long hard, int hardBits, long soft, int softBits) {
        return dom0.domctl(
                affinity(DomctlCmd.XEN_DOMCTL_setvcpuaffinity, domid, vcpu, flags, hard, hardBits, soft, softBits));
    }

    private static CpuMask mask(int... cpus) {
        CpuMask m = CpuMask.none(2);
        for (int c : cpus) {
            m.set(c);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------- scheduler_op

    @Test
    void schedulerOpNamingAnotherSchedulerIsEinvalAndIsCopiedBack() {
        byte[] op = schedulerOp(
                1, XenSchedulerId.XEN_SCHEDULER_CREDIT.code, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo);
        LittleEndian.putU16(op, SO + DomctlSchedulerOpDescriptor.U_CREDIT_WEIGHT_OFFSET, 0x1234);
        long va = dom0.put(op);
        long rc = host.assertNoEffect(() -> dom0.call(Hypercall.domctl, va, 0));

        assertThat(rc).isEqualTo(Errno.EINVAL.neg());
        assertThat(dom0.read(va, op.length))
                .as("do_domctl copies the structure back as it was")
                .isEqualTo(op);
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 0xFFFF_FFFFL})
    void schedulerOpWithAnUnknownCmdIsEinval(long cmd) {
        assertThat(withoutEffect(dom0, Hypercall.domctl, schedulerOp(1, RR, cmd)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo,
                DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo
            })
    void roundRobinHasNoDomainParameters(int cmd) {
        byte[] op = schedulerOp(1, RR, cmd);
        LittleEndian.putU16(op, SO + DomctlSchedulerOpDescriptor.U_CREDIT_WEIGHT_OFFSET, 512);
        assertThat(withoutEffect(dom0, Hypercall.domctl, op)).isEqualTo(Errno.EINVAL.neg());
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putvcpuinfo,
                DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getvcpuinfo
            })
    void aPolicyWithoutPerVcpuParametersRefusesTheVcpuCommandsBeforeReadingTheArray(int cmd) {
        byte[] op = schedulerOp(1, RR, cmd);
        LittleEndian.putI64(op, SO + DomctlSchedulerOpDescriptor.U_V_VCPUS_OFFSET, GuestAddresses.UNMAPPED);
        LittleEndian.putI32(op, SO + DomctlSchedulerOpDescriptor.U_V_NR_VCPUS_OFFSET, 2);
        assertThat(withoutEffect(dom0, Hypercall.domctl, op))
                .as("-EINVAL, not -EFAULT: the array is never read")
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void schedulerOpOnAnUnknownDomainIsEsrchForDom0AndEpermForADomU() {
        byte[] op = schedulerOp(77, RR, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo);
        assertThat(withoutEffect(dom0, Hypercall.domctl, op)).isEqualTo(Errno.ESRCH.neg());
        assertThat(withoutEffect(d1, Hypercall.domctl, op)).isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void aDomUMayNotUseTheSchedulingDomctlsEvenOnItself() {
        long map = d1.put(new byte[8]);
        byte[][] ops = {
            schedulerOp(1, RR, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_getinfo),
            schedulerOp(2, RR, DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDOP_putinfo),
            affinity(DomctlCmd.XEN_DOMCTL_setvcpuaffinity, 1, 0, HARD, map, 8, 0, 0),
            affinity(DomctlCmd.XEN_DOMCTL_getvcpuaffinity, 2, 0, HARD, map, 8, 0, 0),
            Structs.domctl(DomctlCmd.XEN_DOMCTL_getvcpuinfo, 1),
        };
        for (byte[] op : ops) {
            assertThat(withoutEffect(d1, Hypercall.domctl, op)).isEqualTo(Errno.EPERM.neg());
        }
    }

    // ----------------------------------------------------------------------------------------- vcpu affinity

    @Test
    void setvcpuaffinityPinsTheVcpuAndWritesBackTheEffectiveMasks() {
        long hard = bitmap(1, 0b10);
        long soft = bitmap(1, 0b11);

        assertThat(setAffinity(1, 1, HARD | SOFT, hard, 8, soft, 8)).isZero();

        Vcpu v = host.hv.domains().get(1).vcpu(1);
        assertThat(v.hardAffinity()).isEqualTo(mask(1));
        assertThat(v.softAffinity()).as("soft affinity is kept as asked").isEqualTo(mask(0, 1));
        assertThat(dom0.read(hard, 1)[0]).isEqualTo((byte) 0b10);
        assertThat(dom0.read(soft, 1)[0])
                .as("soft written back: soft & online & hard")
                .isEqualTo((byte) 0b10);
        assertThat(host.hv.domains().get(1).vcpu(0).hardAffinity())
                .as("other vCPUs keep theirs")
                .isEqualTo(mask(0, 1));
    }

    @Test
    void getvcpuaffinityReadsBothMasksAsSetNotIntersected() {
        assertThat(setAffinity(1, 0, HARD | SOFT, bitmap(1, 0b01), 8, bitmap(1, 0b10), 8))
                .isZero();
        long hard = bitmap(2, 0xFF);
        long soft = bitmap(2, 0xFF);
        byte[] op = affinity(DomctlCmd.XEN_DOMCTL_getvcpuaffinity, 1, 0, HARD | SOFT, hard, 16, soft, 16);

        assertThat(dom0.domctl(op)).isZero();

        assertThat(dom0.read(hard, 2)).containsExactly(0b01, 0);
        assertThat(dom0.read(soft, 2))
                .as("the soft mask as set, disjoint from hard")
                .containsExactly(0b10, 0);
    }

    @Test
    void onlyTheMaskTheFlagsNameIsSetOrRead() {
        assertThat(setAffinity(1, 0, SOFT, 0, 0, bitmap(1, 0b01), 8)).isZero();
        Vcpu v = host.hv.domains().get(1).vcpu(0);
        assertThat(v.hardAffinity()).isEqualTo(mask(0, 1));
        assertThat(v.softAffinity()).isEqualTo(mask(0));

        long hard = bitmap(1, 0x55);
        byte[] op = affinity(DomctlCmd.XEN_DOMCTL_getvcpuaffinity, 1, 0, HARD, hard, 8, 0, 0);
        assertThat(dom0.domctl(op)).isZero();
        assertThat(dom0.read(hard, 1)[0]).isEqualTo((byte) 0b11);
    }

    @Test
    void bitsBeyondNrBitsAndBeyondTheHostsCpusAreIgnoredAndZerosFillTheGuestsBytes() {
        long hard = bitmap(4, 0xFF);
        assertThat(setAffinity(1, 0, HARD, hard, 1, 0, 0))
                .as("nr_bits 1: only CPU 0 is read")
                .isZero();
        assertThat(host.hv.domains().get(1).vcpu(0).hardAffinity()).isEqualTo(mask(0));
        assertThat(dom0.read(hard, 4)).containsExactly(0b01, 0, 0, 0);

        long wide = dom0.put(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertThat(setAffinity(1, 0, HARD, wide, 32, 0, 0))
                .as("CPUs 2-31 do not exist")
                .isZero();
        assertThat(host.hv.domains().get(1).vcpu(0).hardAffinity()).isEqualTo(mask(1));
        assertThat(dom0.read(wide, 4))
                .as("written back: the effective mask, then zeros")
                .containsExactly(0b10, 0, 0, 0);
    }

    @Test
    void aHardMaskWithNoCpuOfThePoolIsEinvalAndChangesNothing() {
        long none = dom0.put(new byte[] {(byte) 0xFC});
        assertThat(withoutEffect(
                        dom0,
                        Hypercall.domctl,
                        affinity(DomctlCmd.XEN_DOMCTL_setvcpuaffinity, 1, 0, HARD, none, 8, 0, 0)))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(dom0.read(none, 1)[0]).as("not written back").isEqualTo((byte) 0xFC);
    }

    @Test
    void anEmptySoftMaskIsAllowed() {
        assertThat(setAffinity(1, 0, SOFT, 0, 0, bitmap(1, 0), 8)).isZero();
        assertThat(host.hv.domains().get(1).vcpu(0).softAffinity().isEmpty()).isTrue();
    }

    @Test
    void badRequestsAreRefusedInXensOrder() {
        long map = bitmap(1, 1);
        DomctlCmd set = DomctlCmd.XEN_DOMCTL_setvcpuaffinity;
        assertThat(withoutEffect(dom0, Hypercall.domctl, affinity(set, 1, 2, HARD, map, 8, 0, 0)))
                .as("vcpu >= max_vcpus")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, Hypercall.domctl, affinity(set, 1, 0xFFFF_FFFFL, 0, 0, 0, 0, 0)))
                .as("a bad vCPU before bad flags")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, Hypercall.domctl, affinity(set, 1, 0, 0, map, 8, map, 8)))
                .as("flags 0")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, Hypercall.domctl, affinity(set, 1, 0, HARD, 0, 8, map, 8)))
                .as("hard named with a NULL bitmap")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(
                        dom0,
                        Hypercall.domctl,
                        affinity(DomctlCmd.XEN_DOMCTL_getvcpuaffinity, 1, 0, SOFT, map, 8, 0, 8)))
                .as("soft named with a NULL bitmap")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, Hypercall.domctl, affinity(set, 1, 0, HARD, GuestAddresses.UNMAPPED, 8, 0, 0)))
                .as("an unreadable bitmap")
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void aSoftMaskThatCannotBeReadUndoesTheNewHardMask() {
        long hard = bitmap(1, 0b10);
        long rc = setAffinity(1, 0, HARD | SOFT, hard, 8, GuestAddresses.UNMAPPED, 8);

        assertThat(rc).isEqualTo(Errno.EFAULT.neg());
        assertThat(host.hv.domains().get(1).vcpu(0).hardAffinity()).isEqualTo(mask(0, 1));
    }

    @Test
    void whilePinOverrideHoldsTheVcpuOnlyForceMayChangeItsAffinity() {
        Vcpu v = host.hv.domains().get(1).vcpu(0);
        host.hv.sched().setAffinity(v, mask(0), null, host.hv.now());
        v.setHardAffinitySaved(mask(0, 1));

        assertThat(withoutEffect(
                        dom0,
                        Hypercall.domctl,
                        affinity(DomctlCmd.XEN_DOMCTL_setvcpuaffinity, 1, 0, HARD, bitmap(1, 0b10), 8, 0, 0)))
                .isEqualTo(Errno.EBUSY.neg());
        assertThat(setAffinity(1, 0, SOFT, 0, 0, bitmap(1, 0b10), 8))
                .as("soft too")
                .isEqualTo(Errno.EBUSY.neg());

        assertThat(setAffinity(1, 0, HARD | FORCE, bitmap(1, 0b10), 8, 0, 0)).isZero();
        assertThat(v.hardAffinitySaved()).isNull();
        assertThat(v.hardAffinity()).isEqualTo(mask(1));
    }

    @Test
    void forceAloneRestoresTheAffinityPinOverrideSaved() {
        Vcpu v = host.hv.domains().get(1).vcpu(0);
        host.hv.sched().setAffinity(v, mask(0), null, host.hv.now());
        v.setHardAffinitySaved(mask(1));

        assertThat(setAffinity(1, 0, SOFT | FORCE, 0, 0, bitmap(1, 0b11), 8)).isZero();

        assertThat(v.hardAffinity()).isEqualTo(mask(1));
        assertThat(v.softAffinity()).isEqualTo(mask(0, 1));
    }

    // ----------------------------------------------------------------------------------------------- getvcpuinfo

    private byte[] vcpuInfo(int domid, long vcpu) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_getvcpuinfo, domid);
        LittleEndian.putI32(op, VI + DomctlGetVcpuInfoDescriptor.VCPU_OFFSET, (int) vcpu);
        assertThat(dom0.domctl(op)).isZero();
        return op;
    }

    @Test
    void getvcpuinfoReportsStateTimeAndPcpu() {
        Vcpu v = host.hv.domains().get(1).vcpu(0);
        host.runOn(1, v);

        byte[] op = vcpuInfo(1, 0);
        assertThat(LittleEndian.getU8(op, VI + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET))
                .isEqualTo(1);
        assertThat(LittleEndian.getU8(op, VI + DomctlGetVcpuInfoDescriptor.BLOCKED_OFFSET))
                .isZero();
        assertThat(LittleEndian.getU8(op, VI + DomctlGetVcpuInfoDescriptor.RUNNING_OFFSET))
                .isEqualTo(1);
        assertThat(LittleEndian.getI32(op, VI + DomctlGetVcpuInfoDescriptor.CPU_OFFSET))
                .isEqualTo(1);
        assertThat(LittleEndian.getI64(op, VI + DomctlGetVcpuInfoDescriptor.CPU_TIME_OFFSET))
                .isEqualTo(v.cpuTime(host.hv.now()));

        byte[] down = vcpuInfo(1, 1);
        assertThat(LittleEndian.getU8(down, VI + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET))
                .as("vCPU 1 was never brought up")
                .isZero();
        assertThat(LittleEndian.getU8(down, VI + DomctlGetVcpuInfoDescriptor.RUNNING_OFFSET))
                .isZero();
        assertThat(LittleEndian.getI64(down, VI + DomctlGetVcpuInfoDescriptor.CPU_TIME_OFFSET))
                .isZero();
    }

    @Test
    void getvcpuinfoSaysBlockedForABlockedVcpu() {
        Vcpu v = host.hv.domains().get(2).vcpu(0);
        v.setPauseFlag(Vcpu.VPF_blocked, true);
        host.hv.sched().block(v, host.hv.now());

        byte[] op = vcpuInfo(2, 0);
        assertThat(LittleEndian.getU8(op, VI + DomctlGetVcpuInfoDescriptor.BLOCKED_OFFSET))
                .isEqualTo(1);
        assertThat(LittleEndian.getU8(op, VI + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 0xFFFF_FFFFL})
    void getvcpuinfoForAVcpuTheDomainDoesNotHaveIsEnoentAndNotCopiedBack(long vcpu) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_getvcpuinfo, 1);
        LittleEndian.putI32(op, VI + DomctlGetVcpuInfoDescriptor.VCPU_OFFSET, (int) vcpu);
        LittleEndian.putU8(op, VI + DomctlGetVcpuInfoDescriptor.ONLINE_OFFSET, 7);
        long va = dom0.put(op);
        assertThat(host.assertNoEffect(() -> dom0.call(Hypercall.domctl, va, 0)))
                .isEqualTo(Errno.ENOENT.neg());
        assertThat(dom0.read(va, op.length)).isEqualTo(op);
    }

    // -------------------------------------------------------------------------------------- sysctl scheduler_op

    private static byte[] sysctlSchedulerOp(long pool, long schedId, long cmd) {
        byte[] op = Structs.sysctl(SysctlCmd.XEN_SYSCTL_scheduler_op);
        LittleEndian.putI32(op, SSO + SysctlSchedulerOpDescriptor.CPUPOOL_ID_OFFSET, (int) pool);
        LittleEndian.putI32(op, SSO + SysctlSchedulerOpDescriptor.SCHED_ID_OFFSET, (int) schedId);
        LittleEndian.putI32(op, SSO + SysctlSchedulerOpDescriptor.CMD_OFFSET, (int) cmd);
        return op;
    }

    @Test
    void sysctlSchedulerOpChecksCmdThenPoolThenSchedId() {
        int get = SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_getinfo;
        assertThat(withoutEffect(dom0, Hypercall.sysctl, sysctlSchedulerOp(1, 5, 2)))
                .as("a bad cmd first")
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, Hypercall.sysctl, sysctlSchedulerOp(1, 5, get)))
                .as("then a pool other than Pool-0")
                .isEqualTo(Errno.ESRCH.neg());
        assertThat(withoutEffect(
                        dom0, Hypercall.sysctl, sysctlSchedulerOp(0, XenSchedulerId.XEN_SCHEDULER_CREDIT2.code, get)))
                .as("then another scheduler")
                .isEqualTo(Errno.EINVAL.neg());
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_putinfo,
                SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_getinfo
            })
    void roundRobinHasNoGlobalParameters(int cmd) {
        assertThat(withoutEffect(dom0, Hypercall.sysctl, sysctlSchedulerOp(0, RR, cmd)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void aDomUMayNotUseSysctlSchedulerOp() {
        assertThat(withoutEffect(
                        d1,
                        Hypercall.sysctl,
                        sysctlSchedulerOp(0, RR, SysctlSchedulerOpDescriptor.XEN_SYSCTL_SCHEDOP_getinfo)))
                .isEqualTo(Errno.EPERM.neg());
    }
}
