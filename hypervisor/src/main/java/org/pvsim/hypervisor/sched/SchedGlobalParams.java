package org.pvsim.hypervisor.sched;

/**
 * A policy's host-wide parameters, as {@code XEN_SYSCTL_scheduler_op} carries them ({@code xen_sysctl_credit_schedule},
 * {@code xen_sysctl_credit2_schedule}, {@code pub/sysctl.h}): credit uses all three, credit2 only the rate limit.
 * A mutable holder; on a put, a field left 0 means "leave unchanged".
 */
public final class SchedGlobalParams {
    /** Credit's timeslice in ms ({@code tslice_ms}, 1..1000). */
    public int tsliceMs;
    /** The context-switch rate limit in µs ({@code ratelimit_us}, 100..500000; 0 on a get: disabled). */
    public int ratelimitUs;
    /** Credit's migration delay in µs ({@code vcpu_migr_delay_us}). */
    public int vcpuMigrDelayUs;

    public SchedGlobalParams clear() {
        tsliceMs = 0;
        ratelimitUs = 0;
        vcpuMigrDelayUs = 0;
        return this;
    }
}
