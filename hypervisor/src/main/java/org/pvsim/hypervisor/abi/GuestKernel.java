package org.pvsim.hypervisor.abi;

/**
 * The code of a PV guest kernel. The hypervisor runs it one step at a time on each of the domain's vCPUs that the
 * scheduler puts on a physical CPU. A step runs at one instant of virtual time; the CPU time it takes is what the
 * kernel passes to {@link GuestCpu#compute(long)} plus the cost of its hypercalls.
 *
 * <p>The first step on vCPU 0 is the kernel's entry point: {@link GuestCpu#bootRsi()} then holds the address of its
 * {@code start_info}. A kernel keeps its private state (its allocator, its process list) in its own fields; all
 * state the hypervisor may see lives in guest memory.
 *
 * <p>An exception escaping {@link #step(GuestCpu)} is a kernel panic: the hypervisor crashes the domain
 * ({@code SHUTDOWN_crash}) and records why.
 */
public interface GuestKernel {
    /** Runs one step of this kernel on {@code cpu}. */
    void step(GuestCpu cpu);
}
