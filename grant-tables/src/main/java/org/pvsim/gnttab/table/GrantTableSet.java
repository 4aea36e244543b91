package org.pvsim.gnttab.table;

import org.pvsim.hypervisor.abi.DomId;

/**
 * Every domain's grant table, indexed by domid in a plain array ({@code d->grant_table} over Xen's domain list). A
 * table exists from {@code grant_table_init} (domain creation) to the domain's final destruction, dying domains
 * included. Scans go in domid order, below {@link #limit}.
 */
public final class GrantTableSet {
    private final GrantTable[] byDomid = new GrantTable[DomId.DOMID_FIRST_RESERVED];
    private int limit;
    private int incarnations;

    /** The table of {@code domid}, or {@code null} for an unknown or reserved id. */
    public GrantTable get(int domid) {
        return domid >= 0 && domid < byDomid.length ? byDomid[domid] : null;
    }

    /**
     * {@code rcu_lock_domain_by_any_id}: {@link DomId#DOMID_SELF} names {@code callerDomid}.
     *
     * @return the table, or {@code null}
     */
    public GrantTable byAnyId(int dom, int callerDomid) {
        return get(dom == DomId.DOMID_SELF ? callerDomid : dom);
    }

    /**
     * Enters {@code gt} at its domid and gives it the next {@link GrantTable#incarnation} (1, 2, ...): a domid
     * reused after a destruction names a table with a new number.
     */
    public void put(GrantTable gt) {
        gt.setIncarnation(++incarnations);
        byDomid[gt.domid()] = gt;
        limit = Math.max(limit, gt.domid() + 1);
    }

    /** Forgets {@code domid}'s table. */
    public void remove(int domid) {
        if (domid >= 0 && domid < byDomid.length) {
            byDomid[domid] = null;
        }
    }

    /** One past the highest domid that may have a table. */
    public int limit() {
        return limit;
    }
}
