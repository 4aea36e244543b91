package org.pvsim.hypervisor.sched;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;

/**
 * A scheduling policy, in the shape of Xen's {@code struct sched_ops} ({@code xen/common/sched/private.h}). One
 * class per policy; the {@link SchedulerCore} calls these hooks and applies their decisions.
 *
 * <p>The core guarantees: {@link #init} first; {@link #initDomain} before a domain's vCPUs are inserted and {@link
 * #destroyDomain} after they are removed; {@link #insertVcpu} before any other hook for a vCPU (its affinities
 * already set) and {@link #removeVcpu} last; {@link #wake} only for a vCPU that has just become runnable and {@link
 * #sleep} only for one that has just stopped being runnable; {@link #doSchedule} on a pCPU with its current vCPU (or
 * {@code null} for idle).
 *
 * <p>A policy must keep: it chooses in {@link #doSchedule} only a runnable vCPU that runs on no other pCPU and whose
 * hard affinity contains the pCPU (the core checks, and treats a breach as a hypervisor bug); it is deterministic,
 * the same calls in the same order giving the same decisions (no hash-order iteration, no wall clock); it reads time
 * only from its arguments; its hot paths ({@link #wake}, {@link #sleep}, {@link #doSchedule}, timer actions) allocate
 * nothing.
 */
public interface Scheduler {

    /** Xen's name for the policy, as {@code sched=} takes it ({@code credit2}). */
    String name();

    /** Xen's {@code XEN_SCHEDULER_*} id. */
    int schedulerId();

    /**
     * Called once before any other hook, with the host the policy schedules for. The policy reads its boot options
     * here and creates its timers.
     *
     * @throws IllegalArgumentException for a bad boot option (the message names it)
     */
    void init(SchedulerHost host);

    /** A domain was created ({@code init_domain}): set up its default parameters. */
    default void initDomain(Domain d, long now) {}

    /** A domain is being destroyed ({@code destroy_domain}); its vCPUs are already removed. */
    default void destroyDomain(Domain d, long now) {}

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

    /**
     * The vCPU's hard or soft affinity changed ({@code adjust_affinity}). If it now runs, or is queued, where its hard
     * affinity no longer allows, the policy moves it (tickling the pCPUs involved).
     */
    default void affinityChanged(Vcpu v, long now) {}

    /** {@code XEN_DOMCTL_SCHEDOP_getinfo}: the domain's parameters into {@code out}; 0 or a negative errno. */
    default int getDomainParams(Domain d, SchedParams out) {
        return Errno.EINVAL.neg();
    }

    /**
     * {@code XEN_DOMCTL_SCHEDOP_putinfo}: sets the domain's parameters (for every vCPU, with per-vCPU policies); a
     * field left 0 is unchanged. Returns 0 or a negative errno (then nothing changed).
     */
    default int putDomainParams(Domain d, SchedParams in, long now) {
        return Errno.EINVAL.neg();
    }

    /** {@code XEN_DOMCTL_SCHEDOP_getvcpuinfo}; policies without per-vCPU parameters answer {@code -EINVAL}. */
    default int getVcpuParams(Vcpu v, SchedParams out) {
        return Errno.EINVAL.neg();
    }

    /** {@code XEN_DOMCTL_SCHEDOP_putvcpuinfo}; policies without per-vCPU parameters answer {@code -EINVAL}. */
    default int putVcpuParams(Vcpu v, SchedParams in, long now) {
        return Errno.EINVAL.neg();
    }

    /** {@code XEN_SYSCTL_SCHEDOP_getinfo}: the host-wide parameters; 0 or a negative errno. */
    default int getGlobalParams(SchedGlobalParams out) {
        return Errno.EINVAL.neg();
    }

    /** {@code XEN_SYSCTL_SCHEDOP_putinfo}: sets the host-wide parameters; 0 or a negative errno. */
    default int putGlobalParams(SchedGlobalParams in, long now) {
        return Errno.EINVAL.neg();
    }
}
