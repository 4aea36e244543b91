package org.pvsim.guest;

import org.pvsim.guest.hypercall.Hypercalls;

/**
 * What the kernel keeps for one of its vCPUs ({@code DEFINE_PER_CPU} in Linux): the pages of its hypercall argument
 * area, its boot stack, its hypercall wrappers, whether it has started running the workload, and how far its events
 * are set up.
 */
final class PerCpu {
    /** No page: vCPU 0 runs on the bootstrap stack the domain builder made. */
    static final long NO_STACK = -1;

    final int vcpuId;
    final long areaPfn;
    final long stackPfn;
    final Hypercalls hypercalls;
    boolean started;
    /** Whether the vCPU's event callback is registered (in its initial context or with {@code callback_op}). */
    boolean callbackRegistered;
    /** Whether its events are set up: its FIFO control block if any, {@code VIRQ_TIMER} bound on it. */
    boolean eventsReady;
    /** Whether the kernel took the vCPU offline ({@code VCPUOP_down}, vCPU hotplug). */
    boolean down;

    PerCpu(int vcpuId, long areaPfn, long stackPfn, Hypercalls hypercalls) {
        this.vcpuId = vcpuId;
        this.areaPfn = areaPfn;
        this.stackPfn = stackPfn;
        this.hypercalls = hypercalls;
    }
}
