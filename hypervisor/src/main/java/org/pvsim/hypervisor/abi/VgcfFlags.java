package org.pvsim.hypervisor.abi;

/**
 * The {@code flags} field of {@code struct vcpu_guest_context} ({@code VGCF_*}, {@code
 * xen/include/public/arch-x86/xen.h}; {@code VGCF_in_syscall} from {@code arch-x86/xen-x86_64.h}). Each flag has its
 * bit number under Xen's {@code _VGCF_} name.
 */
public final class VgcfFlags {
    public static final int _VGCF_i387_valid = 0;
    /** {@code fpu_ctxt} holds valid FPU state. */
    public static final int VGCF_i387_valid = 1 << _VGCF_i387_valid;

    public static final int _VGCF_in_kernel = 2;
    /** The vCPU is in guest-kernel mode. */
    public static final int VGCF_in_kernel = 1 << _VGCF_in_kernel;

    public static final int _VGCF_failsafe_disables_events = 3;
    /** Entering the failsafe callback masks events. */
    public static final int VGCF_failsafe_disables_events = 1 << _VGCF_failsafe_disables_events;

    public static final int _VGCF_syscall_disables_events = 4;
    /** Entering the syscall callback masks events. */
    public static final int VGCF_syscall_disables_events = 1 << _VGCF_syscall_disables_events;

    public static final int _VGCF_online = 5;
    /** The vCPU is online ({@code XEN_DOMCTL_setvcpucontext}/{@code getvcpucontext}). */
    public static final int VGCF_online = 1 << _VGCF_online;

    public static final int _VGCF_in_syscall = 8;
    /** x86-64: the guest left in SYSCALL context, so Xen may return with SYSRET. */
    public static final int VGCF_in_syscall = 1 << _VGCF_in_syscall;

    private VgcfFlags() {}
}
