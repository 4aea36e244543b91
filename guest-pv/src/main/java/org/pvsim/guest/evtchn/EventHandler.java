package org.pvsim.guest.evtchn;

import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * What the kernel runs when an event arrives on a port: the guest's interrupt handler for that port (Linux's {@code
 * irq_handler_t} behind a dynamic IRQ). Registered per port with {@link GuestEvents#setHandler} or a bind call.
 *
 * <p>The upcall handler calls it on the vCPU that took the upcall, with events masked on that vCPU ({@code
 * evtchn_upcall_mask} set) and the port's pending bit already cleared, so an event that arrives while it runs is
 * handled by the same upcall or by the next one. It must be short, allocate nothing, and may make hypercalls (send
 * on a port, set a timer). It must let {@code KernelPanic} and {@code VcpuStopped} through.
 */
@FunctionalInterface
public interface EventHandler {
    /** Handles an event on {@code port}, on {@code cpu}. */
    void handle(GuestCpu cpu, int port);
}
