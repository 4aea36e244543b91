package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.VcpuOp;
import org.pvsim.hypervisor.abi.VcpuRunstateInfoDescriptor;
import org.pvsim.hypervisor.abi.VgcfFlags;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * {@code vcpu_op} on the caller's own vCPUs ({@code common_vcpu_op}, {@code xen/common/domain.c}; the context checks
 * of {@code arch_set_info_guest}, {@code xen/arch/x86/domain.c}).
 */
class VcpuOpTest {
    private TestHost host;
    private TestGuest d1;
    private FrameTable frames;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES, 3);
        frames = host.hv.machine().frames();
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    void audit() {
        host.assertNoViolationsAfterCalls();
        host.assertAudit();
    }

    private long vcpuOp(VcpuOp op, long vcpu, long arg) {
        return d1.call(Hypercall.vcpu_op, op.code, vcpu, arg);
    }

    private long initialise(int vcpu, byte[] context) {
        return vcpuOp(VcpuOp.VCPUOP_initialise, vcpu, d1.put(context));
    }

    private byte[] context(boolean online) {
        return Structs.vcpuContext(d1.va(0), d1.va(d1.allocPfn()) + 4096, d1.l4Mfn(), online);
    }

    @ParameterizedTest
    @EnumSource(
            value = VcpuOp.class,
            names = {"VCPUOP_initialise", "VCPUOP_up", "VCPUOP_down", "VCPUOP_is_up", "VCPUOP_get_runstate_info"})
    void vcpuTheDomainDoesNotHaveIsEnoent(VcpuOp op) {
        long arg = d1.scratch(64);
        for (long id : new long[] {3, 1000, 0xFFFF_FFFFL}) {
            assertThat(host.assertNoEffect(() -> vcpuOp(op, id, arg))).isEqualTo(Errno.ENOENT.neg());
        }
    }

    @Test
    void vcpuIdIsTheLow32BitsOfItsRegister() {
        assertThat(vcpuOp(VcpuOp.VCPUOP_is_up, (1L << 32), 0)).as("vCPU 0").isEqualTo(1);
    }

    @Test
    void initialiseLoadsTheContextAndTakesAReferenceOnTheKernelL4() {
        int type = frames.typeCount(d1.l4Mfn());
        int count = frames.count(d1.l4Mfn());

        assertThat(initialise(1, context(false))).isZero();

        Vcpu v1 = d1.domain.vcpu(1);
        assertThat(v1.isInitialised()).isTrue();
        assertThat(v1.guestTable()).isEqualTo(d1.l4Mfn());
        assertThat(v1.contextRip()).isEqualTo(d1.va(0));
        assertThat(v1.isUp()).as("not VGCF_online").isFalse();
        assertThat(frames.typeCount(d1.l4Mfn())).isEqualTo(type + 1);
        assertThat(frames.count(d1.l4Mfn())).isEqualTo(count + 1);
    }

    @Test
    void initialiseOfAnInitialisedVcpuIsEexist() {
        byte[] ctx = context(true);
        long arg = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 0, arg)))
                .isEqualTo(Errno.EEXIST.neg());
        assertThat(initialise(1, ctx)).isZero();
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, arg)))
                .isEqualTo(Errno.EEXIST.neg());
    }

    @Test
    void initialiseFromABadPointerIsEfault() {
        for (long bad : new long[] {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE}) {
            assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, bad)))
                    .isEqualTo(Errno.EFAULT.neg());
        }
    }

    @Test
    void initialiseWithANonCanonicalAddressIsEinval() {
        for (int offset : new int[] {
            VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET,
            VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET,
            VcpuGuestContextDescriptor.KERNEL_SP_OFFSET,
            VcpuGuestContextDescriptor.EVENT_CALLBACK_EIP_OFFSET,
            VcpuGuestContextDescriptor.FAILSAFE_CALLBACK_EIP_OFFSET,
            VcpuGuestContextDescriptor.SYSCALL_CALLBACK_EIP_OFFSET,
            VcpuGuestContextDescriptor.FS_BASE_OFFSET,
            VcpuGuestContextDescriptor.GS_BASE_KERNEL_OFFSET,
            VcpuGuestContextDescriptor.GS_BASE_USER_OFFSET,
            VcpuGuestContextDescriptor.trapCtxtOffset(14) + 8
        }) {
            byte[] ctx = context(true);
            LittleEndian.putI64(ctx, offset, GuestAddresses.NON_CANONICAL);
            long arg = d1.put(ctx);
            assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, arg)))
                    .as("non-canonical address at offset %d", offset)
                    .isEqualTo(Errno.EINVAL.neg());
        }
    }

    @Test
    void initialiseWithABadLdtIsEinval() {
        byte[] ctx = context(true);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.LDT_ENTS_OFFSET, 1);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.LDT_BASE_OFFSET, d1.va(20) + 8);
        long unaligned = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, unaligned)))
                .isEqualTo(Errno.EINVAL.neg());
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.LDT_BASE_OFFSET, d1.va(20));
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.LDT_ENTS_OFFSET, 8193);
        long tooMany = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, tooMany)))
                .isEqualTo(Errno.EINVAL.neg());
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.LDT_ENTS_OFFSET, 0);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.LDT_BASE_OFFSET, GuestAddresses.XEN_RANGE);
        long inXen = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, inXen)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void initialiseWithDebugRegistersXenRefusesIsEinval() {
        byte[] ctx = context(true);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.debugregOffset(7), 1L << 32);
        long dr7 = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, dr7)))
                .isEqualTo(Errno.EINVAL.neg());
        ctx = context(true);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.debugregOffset(0), GuestAddresses.XEN_RANGE);
        long dr0 = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, dr0)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void initialiseWithAVmAssistOrGdtXenRefusesIsEinval() {
        byte[] ctx = context(true);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.VM_ASSIST_OFFSET, 1L << 6);
        long arg = d1.put(ctx);
        assertThat(vcpuOp(VcpuOp.VCPUOP_initialise, 1, arg))
                .as("vm_assist is only looked at for vCPU 0")
                .isZero();
        ctx = context(true);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.GDT_ENTS_OFFSET, 14 * 512 + 1);
        long gdt = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 2, gdt)))
                .isEqualTo(Errno.EINVAL.neg());
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.GDT_ENTS_OFFSET, 16 * 512 + 1);
        long tooBig = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 2, tooBig)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void initialiseWithABaseThatIsNotAnL4OfTheDomainIsEinval() {
        byte[] ctx = Structs.vcpuContext(d1.va(0), d1.va(1), d1.firstL1Mfn(), true);
        long l1 = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, l1)))
                .isEqualTo(Errno.EINVAL.neg());
        ctx = Structs.vcpuContext(d1.va(0), d1.va(1), host.hv.machine().nrFrames() + 3L, true);
        long beyond = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, beyond)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void initialiseForUserModeWithoutAUserBaseIsEinval() {
        byte[] ctx = context(true);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.FLAGS_OFFSET, VgcfFlags.VGCF_online);
        long arg = d1.put(ctx);
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_initialise, 1, arg)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void upOfAVcpuNotInitialisedIsEinvalAndUpAfterInitialiseBringsItOnline() {
        assertThat(host.assertNoEffect(() -> vcpuOp(VcpuOp.VCPUOP_up, 2, 0))).isEqualTo(Errno.EINVAL.neg());
        assertThat(vcpuOp(VcpuOp.VCPUOP_is_up, 2, 0)).isZero();

        assertThat(initialise(2, context(false))).isZero();
        assertThat(vcpuOp(VcpuOp.VCPUOP_up, 2, 0)).isZero();

        assertThat(vcpuOp(VcpuOp.VCPUOP_is_up, 2, 0)).isEqualTo(1);
        assertThat(d1.domain.onlineVcpus()).isEqualTo(2);
    }

    @Test
    void downOfAVcpuWhileAnotherIsOnlineTakesItOffline() {
        assertThat(initialise(1, context(true))).isZero();
        assertThat(vcpuOp(VcpuOp.VCPUOP_is_up, 1, 0)).isEqualTo(1);

        assertThat(vcpuOp(VcpuOp.VCPUOP_down, 1, 0)).isZero();

        assertThat(vcpuOp(VcpuOp.VCPUOP_is_up, 1, 0)).isZero();
        assertThat(d1.domain.isShuttingDown()).isFalse();
    }

    @Test
    void downOfTheLastOnlineVcpuPowersTheDomainOff() {
        assertThat(vcpuOp(VcpuOp.VCPUOP_down, 0, 0)).isZero();

        assertThat(d1.domain.isShutDown()).isTrue();
        assertThat(d1.domain.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
    }

    @Test
    void downOfAnOfflineVcpuWhenOnlyAnotherIsOnlinePowersTheDomainOffOnlyIfItIsTheLast() {
        // vCPU 1 is offline; taking it down again leaves vCPU 0 online: not the last
        assertThat(vcpuOp(VcpuOp.VCPUOP_down, 1, 0)).isZero();
        assertThat(d1.domain.isShuttingDown()).isFalse();
        assertThat(vcpuOp(VcpuOp.VCPUOP_is_up, 0, 0)).isEqualTo(1);
    }

    @Test
    void runstateInfoTimesAddUpToTheVcpusLifetime() {
        long later = host.hv.now() + 5_000_000;
        long arg = d1.scratch(VcpuRunstateInfoDescriptor.SIZE);
        assertThat(host.hv.hypercall(
                        d1.vcpu(), later, Hypercall.vcpu_op.number, VcpuOp.VCPUOP_get_runstate_info.code, 0, arg, 0, 0))
                .isZero();

        for (int vcpu = 0; vcpu < 2; vcpu++) {
            assertThat(vcpuOp(VcpuOp.VCPUOP_get_runstate_info, vcpu, arg)).isZero();
            long sum = 0;
            for (int k = 0; k < VcpuRunstateInfoDescriptor.NR_RUNSTATES; k++) {
                long t = d1.read64(arg + VcpuRunstateInfoDescriptor.timeOffset(k));
                assertThat(t).isNotNegative();
                sum += t;
            }
            assertThat(sum).isEqualTo(host.hv.now() - d1.domain.createdAt());
            int state = d1.read32(arg + VcpuRunstateInfoDescriptor.STATE_OFFSET);
            assertThat(state).isEqualTo(d1.domain.vcpu(vcpu).runstate().code);
            assertThat(d1.read64(arg + VcpuRunstateInfoDescriptor.STATE_ENTRY_TIME_OFFSET))
                    .isBetween(d1.domain.createdAt(), host.hv.now());
        }
        assertThat(RunstateKind.ofCode(d1.read32(arg))).isEqualTo(RunstateKind.RUNSTATE_offline);
    }

    @Test
    void runstateInfoToABadPointerIsEfault() {
        assertThat(vcpuOp(VcpuOp.VCPUOP_get_runstate_info, 0, GuestAddresses.UNMAPPED))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(vcpuOp(VcpuOp.VCPUOP_get_runstate_info, 0, GuestAddresses.XEN_RANGE))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {16, 1000, 0xFFFF_FFFFL})
    void unknownCommandIsEnosys(long cmd) {
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.vcpu_op, cmd, 0, 0)))
                .isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void commandIsTheLow32BitsOfItsRegister() {
        assertThat(d1.call(Hypercall.vcpu_op, (1L << 32) | VcpuOp.VCPUOP_is_up.code, 0, 0))
                .isEqualTo(1);
    }
}
