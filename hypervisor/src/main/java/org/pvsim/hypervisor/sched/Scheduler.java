package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;

/**
 * A scheduling policy, in the shape of Xen's {@code struct sched_ops} ({@code xen/common/sched/private.h}). One
 * class per policy; the {@link SchedulerCore} calls these hooks and applies their decisions.
 *
 * <p>The core guarantees: {@link #insertVcpu} before any other hook for a vCPU and {@link #removeVcpu} last;
 * {@link #wake} only for a vCPU that has just become runnable and {@link #sleep} only for one that has just stopped
 * being runnable; {@link #doSchedule} on a pCPU with its current vCPU (or {@code null} for idle). A policy must be
 * deterministic: the same calls in the same order give the same decisions. It reads time only from its arguments.
 */
public interface Scheduler {

    /** Xen's name for the policy, as {@code sched=} takes it ({@code credit2}). */
    String name();

    /** Xen's {@code XEN_SCHEDULER_*} id. */
    int schedulerId();

    /** Called once before any other hook, with the host the policy schedules for. */
    void init(SchedulerHost host);

    /** A domain was created ({@code init_domain}). */
    default void initDomain(Domain d) {}

    /** A domain is being destroyed ({@code destroy_domain}); its vCPUs are already removed. */
    default void destroyDomain(Domain d) {}

    /** A vCPU joins the policy ({@code insert_unit}); it is not runnable yet. */
    void insertVcpu(Vcpu v, long now);

    /** A vCPU leaves the policy ({@code remove_unit}); it is not running. */
    void removeVcpu(Vcpu v, long now);

    /** A vCPU stopped being runnable ({@code sleep}); if it is running, the policy should tickle its pCPU. */
    void sleep(Vcpu v, long now);

    /** A vCPU became runnable ({@code wake}); the policy queues it and may tickle a pCPU to run it. */
    void wake(Vcpu v, long now);

    /** The running vCPU asked to yield ({@code yield}); the next {@link #doSchedule} should prefer another. */
    void yield(Vcpu v, long now);

    /**
     * Chooses what {@code pcpu} runs next ({@code do_schedule}). {@code prev} is its current vCPU, or {@code null} if
     * it is idle; {@code prev} may no longer be runnable. The answer goes into {@code out}: the next vCPU (or
     * {@code null} for idle) and how long it may run before the policy wants to decide again.
     */
    void doSchedule(int pcpu, Vcpu prev, long now, ScheduleDecision out);
}
