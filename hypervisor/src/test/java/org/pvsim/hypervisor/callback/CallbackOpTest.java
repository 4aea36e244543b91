package org.pvsim.hypervisor.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.CallbackOp;
import org.pvsim.hypervisor.abi.CallbackRegisterDescriptor;
import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.VgcfFlags;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** {@code callback_op} and {@code set_callbacks} as {@code xen/arch/x86/pv/callback.c} has them for 64-bit PV. */
class CallbackOpTest {
    private static final long ENTRY = 0xffff_8000_0010_0000L;
    private static final long NON_CANONICAL = 0x0000_8000_0000_0000L;

    private TestHost host;
    private TestGuest g;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        g = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
    }

    private long register(int type, int flags, long address) {
        byte[] b = new byte[CallbackRegisterDescriptor.SIZE];
        LittleEndian.putU16(b, CallbackRegisterDescriptor.TYPE_OFFSET, type);
        LittleEndian.putU16(b, CallbackRegisterDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putI64(b, CallbackRegisterDescriptor.ADDRESS_OFFSET, address);
        return g.call(Hypercall.callback_op, CallbackOp.CALLBACKOP_register.code, g.put(b));
    }

    private long unregister(int type) {
        byte[] b = new byte[CallbackRegisterDescriptor.UNREGISTER_SIZE];
        LittleEndian.putU16(b, CallbackRegisterDescriptor.TYPE_OFFSET, type);
        return g.call(Hypercall.callback_op, CallbackOp.CALLBACKOP_unregister.code, g.put(b));
    }

    @Test
    void registeringTheEventCallbackSetsWhereUpcallsEnter() {
        Vcpu v = g.vcpu();
        assertThat(v.eventCallbackEip).isZero();
        assertThat(register(CallbackType.CALLBACKTYPE_event.code, 0, ENTRY)).isZero();
        assertThat(v.eventCallbackEip).isEqualTo(ENTRY);
    }

    @Test
    void failsafeAndSyscallRecordWhetherTheyMaskEvents() {
        Vcpu v = g.vcpu();
        assertThat(register(CallbackType.CALLBACKTYPE_failsafe.code, CallbackType.CALLBACKF_mask_events, ENTRY))
                .isZero();
        assertThat(register(CallbackType.CALLBACKTYPE_syscall.code, 0, ENTRY + 16))
                .isZero();
        assertThat(v.failsafeCallbackEip).isEqualTo(ENTRY);
        assertThat(v.syscallCallbackEip).isEqualTo(ENTRY + 16);
        assertThat(v.vgcFlags & VgcfFlags.VGCF_failsafe_disables_events).isNotZero();
        assertThat(v.vgcFlags & VgcfFlags.VGCF_syscall_disables_events).isZero();
    }

    @Test
    void errorsAreXens() {
        assertThat(register(CallbackType.CALLBACKTYPE_event.code, 0, NON_CANONICAL))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(g.vcpu().eventCallbackEip).isZero();
        assertThat(register(CallbackType.CALLBACKTYPE_sysenter_deprecated.code, 0, ENTRY))
                .isEqualTo(Errno.ENOSYS.neg());
        assertThat(register(99, 0, ENTRY)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(unregister(CallbackType.CALLBACKTYPE_event.code)).isEqualTo(Errno.EINVAL.neg());
        assertThat(unregister(99)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(g.call(Hypercall.callback_op, 7, g.scratch(16))).isEqualTo(Errno.ENOSYS.neg());
        assertThat(g.call(Hypercall.callback_op, CallbackOp.CALLBACKOP_register.code, NON_CANONICAL))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void onlyTheNmiCallbackCanBeUnregistered() {
        assertThat(register(CallbackType.CALLBACKTYPE_nmi.code, 0, ENTRY)).isZero();
        assertThat(g.vcpu().nmiCallbackEip).isEqualTo(ENTRY);
        assertThat(unregister(CallbackType.CALLBACKTYPE_nmi.code)).isZero();
        assertThat(g.vcpu().nmiCallbackEip).isZero();
    }

    @Test
    void setCallbacksRegistersAllThreeAndIgnoresABadOne() {
        Vcpu v = g.vcpu();
        assertThat(g.call(Hypercall.set_callbacks, ENTRY, NON_CANONICAL, ENTRY + 32))
                .isZero();
        assertThat(v.eventCallbackEip).isEqualTo(ENTRY);
        assertThat(v.failsafeCallbackEip).isZero();
        assertThat(v.syscallCallbackEip).isEqualTo(ENTRY + 32);
    }
}
