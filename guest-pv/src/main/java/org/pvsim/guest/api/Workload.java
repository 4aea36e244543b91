package org.pvsim.guest.api;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * What a PV domain runs once its kernel has booted: the "user space" of pvsim's guests. The kernel calls {@link
 * #step} once per scheduled step of each online vCPU; one instance serves every vCPU of the domain, so a workload
 * that keeps per-vCPU state indexes it by {@link GuestCpu#vcpuId()}.
 *
 * <p>A step runs at one instant of virtual time and costs the CPU time it computes plus its hypercalls. It should do
 * a bounded amount of work (one burst, one process, one balloon operation), so that the scheduler sees the vCPU
 * often. It acts only through {@code cpu} and the {@link Kernel}'s services, never on hypervisor objects. A finished
 * workload may power the domain off ({@link Kernel#poweroff}).
 *
 * <p>Exceptions: {@link KernelPanic} and {@code VcpuStopped} must be let through; any other exception is a kernel
 * oops, which crashes the domain.
 */
public interface Workload {
    /** Runs one step on {@code cpu}. */
    void step(Kernel kernel, GuestCpu cpu);

    /**
     * Units of work done so far, summed over the vCPUs: bursts, processes, balloon operations. Never decreases; for
     * tests and reports.
     */
    long progress();
}
