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

    /**
     * Runs the kernel's event callback on {@code cpu}: Xen delivers an event upcall by entering the guest at the
     * address it registered as {@code CALLBACKTYPE_event} ({@code callback_op}, {@code set_callbacks} or {@code
     * VCPUOP_initialise}), {@code rip}, with {@code evtchn_upcall_mask} already set. The upcall is a step of its own:
     * it costs CPU time like any other, and the kernel re-enables events itself (clearing the mask) before it returns.
     *
     * <p>A kernel that registered no code at {@code rip} must not be entered there; the default is such a kernel, and
     * its "execution" at a bad address is a kernel panic.
     */
    default void eventCallback(GuestCpu cpu, long rip) {
        throw new IllegalStateException(String.format("no event callback at %#x", rip));
    }
}
