package org.pvsim.hypervisor.timer;

import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;

/**
 * {@code HYPERVISOR_set_timer_op(timeout)} ({@code do_set_timer_op}, {@code xen/common/sched/core.c}): sets the calling
 * vCPU's single-shot timer to {@code timeout}, an absolute system time in ns (the whole of RDI, a signed {@code
 * s_time_t}); 0 stops it; a negative timeout, or one more than 2^50 ns ahead, is set 100 ms from now instead. When
 * the timer fires it raises {@code VIRQ_TIMER} on the vCPU. Always returns 0. See {@link VcpuTimers#setTimerOp}.
 */
public final class SetTimerOpHypercall implements CoreHypercall {
    private final VcpuTimers timers;

    public SetTimerOpHypercall(VcpuTimers timers) {
        this.timers = timers;
    }

    @Override
    public long invoke(HypercallFrame f, long timeout, long a2, long a3, long a4, long a5) {
        return timers.setTimerOp(f.vcpu(), timeout, f.now());
    }
}
