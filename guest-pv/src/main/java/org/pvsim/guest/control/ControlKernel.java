package org.pvsim.guest.control;

import org.pvsim.guest.api.Kernel;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.ShutdownReason;

/**
 * What the control watches need from the kernel beyond {@link Kernel}: an orderly shutdown with a reason (Linux's
 * {@code orderly_poweroff}/{@code orderly_reboot} ending in {@code SCHEDOP_shutdown}) and vCPU hotplug ({@code
 * cpu_up}/{@code cpu_down} ending in {@code VCPUOP_up}/{@code VCPUOP_down}).
 */
public interface ControlKernel {
    /** The kernel's services (memory, hypercalls, console, xenstore). */
    Kernel kernel();

    /** Shuts the domain down with {@code reason} ({@code SCHEDOP_shutdown}); the kernel halts. */
    void shutdown(GuestCpu cpu, ShutdownReason reason);

    /** Whether vCPU {@code vcpu} is online. */
    boolean isVcpuOnline(int vcpu);

    /**
     * Brings vCPU {@code vcpu} online: {@code VCPUOP_initialise} first if the kernel never started it, then {@code
     * VCPUOP_up}.
     *
     * @return 0, or a negative errno
     */
    int vcpuUp(GuestCpu cpu, int vcpu);

    /**
     * Takes vCPU {@code vcpu} offline ({@code VCPUOP_down}).
     *
     * @return 0, or a negative errno
     */
    int vcpuDown(GuestCpu cpu, int vcpu);
}
