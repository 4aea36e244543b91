package org.pvsim.hypervisor.spi;

/**
 * A subsystem's part of a domain's life ({@code common/domain.c}): {@code domain_create} calls {@code evtchn_init}
 * and {@code grant_table_init}; {@code domain_kill} calls {@code evtchn_destroy} and {@code gnttab_release_mappings};
 * {@code complete_domain_destroy} frees what is left. Called in the order hooks were added, while an input is being
 * applied, so a hook may report journal outputs and raise VIRQs.
 */
public interface SubsystemDomainHook {
    /**
     * Domain {@code domid} was just created, with its vCPUs (offline) and its shared-info page.
     *
     * @return 0, or a negative errno that fails the creation (then {@link #domainDestroyed} follows)
     */
    int domainCreated(int domid, long now);

    /** Domain {@code domid} is dying ({@code domain_kill}): release what other domains can see of it. */
    void domainKilled(int domid, long now);

    /** Domain {@code domid} leaves the domain table now: forget it; its id may be reused at once. */
    void domainDestroyed(int domid, long now);
}
