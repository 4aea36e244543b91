package org.pvsim.hypervisor.domain;

/**
 * Per-domain state kept outside {@link Domain} and its scheduling policy, set up when a domain is created and torn
 * down when it is finally destroyed: in Xen, {@code domain_create} calls {@code watchdog_domain_init} and, per vCPU,
 * {@code sched_init_vcpu} (which creates the vCPU's timers); {@code complete_domain_destroy} calls {@code
 * sched_destroy_vcpu} (which kills them) and {@code watchdog_domain_destroy}. {@code lifecycle.DomainLifecycle} calls
 * its hooks in the order they were added, while an input is being applied, so they may report journal outputs.
 */
public interface DomainHook {
    /**
     * {@code d} was just created: its vCPUs exist, offline, and have joined the scheduler.
     *
     * @return 0, or a negative errno that fails the creation ({@code domain_create}'s error path): then this hook and
     *     every earlier one are told {@link #domainDestroyed}, later ones never hear of {@code d}
     */
    int domainCreated(Domain d, long now);

    /**
     * {@code d} is dying ({@code domain_kill}, before its memory is relinquished): release what other domains can see
     * of it (its event channels' remote ends, its grant mappings). Nothing by default.
     */
    default void domainKilled(Domain d, long now) {}

    /** {@code d} is dead and leaves the domain table now: its id may be reused at once. */
    void domainDestroyed(Domain d, long now);
}
