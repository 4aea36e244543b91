package org.pvsim.guest.hypercall;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;

/**
 * Builds the byte image of a 64-bit PV {@code vcpu_guest_context} ({@link VcpuGuestContextDescriptor}) that starts a
 * vCPU in its kernel, as Linux's {@code cpu_initialize_context} and the toolstack's domain builder fill it: flat
 * ring-3 kernel segments (a 64-bit PV kernel runs in ring 3), the entry point and stack, events enabled, and the
 * kernel's L4 in {@code ctrlreg[3]}.
 */
public final class VcpuContextImage {
    /** {@code FLAT_KERNEL_CS64} ({@code xen/include/public/arch-x86/xen-x86_64.h}): ring-3 64-bit code. */
    public static final int FLAT_KERNEL_CS = 0xe033;
    /** {@code FLAT_KERNEL_SS64}: ring-3 stack. */
    public static final int FLAT_KERNEL_SS = 0xe02b;
    /** {@code FLAT_KERNEL_DS64}: the null selector. */
    public static final int FLAT_KERNEL_DS = 0;
    /** RFLAGS with only IF set (bit 9): events may be delivered. */
    public static final long RFLAGS_IF = 1L << 9;

    private VcpuContextImage() {}

    /**
     * A context entering the kernel at {@code rip} with stack pointer {@code rsp}, {@code rsi} in RSI, and page
     * tables rooted at machine frame {@code l4Mfn}.
     *
     * @param flags {@code VGCF_*}: {@code VGCF_in_kernel} for a kernel-mode start, plus {@code VGCF_online} to
     *     bring the vCPU up in the same call
     */
    public static byte[] kernelEntry(long rip, long rsp, long rsi, long l4Mfn, int flags) {
        byte[] ctx = new byte[VcpuGuestContextDescriptor.SIZE];
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RIP_OFFSET, rip);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RSP_OFFSET, rsp);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RSI_OFFSET, rsi);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.USER_REGS_RFLAGS_OFFSET, RFLAGS_IF);
        LittleEndian.putU16(ctx, VcpuGuestContextDescriptor.USER_REGS_CS_OFFSET, FLAT_KERNEL_CS);
        LittleEndian.putU16(ctx, VcpuGuestContextDescriptor.USER_REGS_SS_OFFSET, FLAT_KERNEL_SS);
        LittleEndian.putU16(ctx, VcpuGuestContextDescriptor.USER_REGS_DS_OFFSET, FLAT_KERNEL_DS);
        LittleEndian.putU16(ctx, VcpuGuestContextDescriptor.USER_REGS_ES_OFFSET, FLAT_KERNEL_DS);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.KERNEL_SS_OFFSET, FLAT_KERNEL_SS);
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.KERNEL_SP_OFFSET, rsp);
        LittleEndian.putI64(
                ctx, VcpuGuestContextDescriptor.ctrlregOffset(3), VcpuGuestContextDescriptor.xenPfnToCr3(l4Mfn));
        return ctx;
    }

    /**
     * Sets {@code event_callback_eip} in a context image: where Xen enters the vCPU to deliver event upcalls once it
     * is loaded, as Linux's {@code cpu_initialize_context} sets it to {@code xen_asm_xen_hypervisor_callback}. Without
     * it a secondary vCPU has no event callback, and Xen crashes the domain at its first upcall.
     *
     * @return {@code ctx}
     */
    public static byte[] setEventCallback(byte[] ctx, long eventCallbackEip) {
        LittleEndian.putI64(ctx, VcpuGuestContextDescriptor.EVENT_CALLBACK_EIP_OFFSET, eventCallbackEip);
        return ctx;
    }
}
