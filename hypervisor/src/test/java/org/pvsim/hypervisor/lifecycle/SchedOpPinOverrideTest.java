package org.pvsim.hypervisor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SchedPinOverrideDescriptor;
import org.pvsim.hypervisor.machine.CpuMask;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * {@code SCHEDOP_pin_override} as {@code do_sched_op} and {@code vcpu_temporary_affinity}: the hardware domain only,
 * pins the calling vCPU saving its hard affinity, and restores it; Xen's errors for a busy override, a missing one and
 * a pCPU that is not there.
 */
class SchedOpPinOverrideTest extends AuditedHostTest {
    private static long pinArg(TestGuest g, int pcpu) {
        byte[] b = new byte[SchedPinOverrideDescriptor.SIZE];
        LittleEndian.putI32(b, SchedPinOverrideDescriptor.PCPU_OFFSET, pcpu);
        return g.put(b);
    }

    private static long pin(TestGuest g, int pcpu) {
        return g.call(Hypercall.sched_op, SchedOp.SCHEDOP_pin_override.code, pinArg(g, pcpu));
    }

    @Test
    void aDomainOtherThanTheHardwareDomainGetsEpermBeforeItsArgumentIsRead() {
        assertThat(host.assertNoEffect(
                        () -> d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_pin_override.code, GuestAddresses.UNMAPPED)))
                .isEqualTo(Errno.EPERM.neg());
        assertThat(pin(d1, 1)).isEqualTo(Errno.EPERM.neg());
        assertThat(d1.vcpu().hardAffinitySaved()).isNull();
    }

    @Test
    void theHardwareDomainPinsItsVcpuAndRestoresItsAffinity() {
        CpuMask before = CpuMask.copyOf(dom0.vcpu().hardAffinity());
        assertThat(pin(dom0, 1)).isZero();
        assertThat(dom0.vcpu().hardAffinity()).isEqualTo(CpuMask.of(1));
        assertThat(dom0.vcpu().hardAffinitySaved()).isEqualTo(before);
        host.runOn(1, dom0.vcpu());
        assertThat(dom0.vcpu().processor()).isEqualTo(1);

        assertThat(pin(dom0, -1)).isZero();
        assertThat(dom0.vcpu().hardAffinity()).isEqualTo(before);
        assertThat(dom0.vcpu().hardAffinitySaved()).isNull();
    }

    @Test
    void pinningAgainWhileOverriddenIsEbusyEvenToTheSamePcpu() {
        assertThat(pin(dom0, 0)).isZero();
        assertThat(pin(dom0, 0)).isEqualTo(Errno.EBUSY.neg());
        assertThat(pin(dom0, 1)).isEqualTo(Errno.EBUSY.neg());
        assertThat(dom0.vcpu().hardAffinity()).isEqualTo(CpuMask.of(0));
    }

    @Test
    void restoringWithNoOverrideIsEinval() {
        long arg = pinArg(dom0, -1);
        assertThat(host.assertNoEffect(() -> dom0.call(Hypercall.sched_op, SchedOp.SCHEDOP_pin_override.code, arg)))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(pin(dom0, Integer.MIN_VALUE)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void aPcpuTheHostDoesNotHaveIsEinval() {
        // 2 is beyond this host's pCPUs; 256 is NR_CPUS itself, refused before the override is looked at
        assertThat(pin(dom0, 2)).isEqualTo(Errno.EINVAL.neg());
        assertThat(pin(dom0, 255)).isEqualTo(Errno.EINVAL.neg());
        assertThat(pin(dom0, 0)).isZero();
        assertThat(pin(dom0, 256)).isEqualTo(Errno.EINVAL.neg());
        assertThat(dom0.vcpu().hardAffinitySaved()).isNotNull();
    }

    @Test
    void aBadPointerFromTheHardwareDomainIsEfault() {
        assertThat(host.assertNoEffect(() ->
                        dom0.call(Hypercall.sched_op, SchedOp.SCHEDOP_pin_override.code, GuestAddresses.UNMAPPED)))
                .isEqualTo(Errno.EFAULT.neg());
    }
}
