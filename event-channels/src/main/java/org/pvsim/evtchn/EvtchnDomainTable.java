package org.pvsim.evtchn;

import org.pvsim.hypervisor.abi.DomId;

/**
 * Every domain's event channels, indexed by domid in a plain array of {@link DomId#DOMID_FIRST_RESERVED} entries: the
 * subsystem's view of Xen's domain list. An entry exists from {@code evtchn_init} (domain creation) to the domain's
 * final destruction, dying domains included, as {@code rcu_lock_domain_by_any_id} finds them.
 */
public final class EvtchnDomainTable {
    private final EvtchnDomain[] byDomid = new EvtchnDomain[DomId.DOMID_FIRST_RESERVED];
    /** One past the highest domid ever entered: scans stop there. */
    private int limit;

    /** The domain with id {@code domid}, or {@code null} for an unknown or reserved id. */
    public EvtchnDomain get(int domid) {
        return domid >= 0 && domid < byDomid.length ? byDomid[domid] : null;
    }

    /**
     * {@code rcu_lock_domain_by_any_id}: {@link DomId#DOMID_SELF} names {@code callerDomid}; any other value must be
     * a live or dying domain's id.
     *
     * @return the domain, or {@code null} (the caller answers {@code -ESRCH})
     */
    public EvtchnDomain byAnyId(int dom, int callerDomid) {
        return get(dom == DomId.DOMID_SELF ? callerDomid : dom);
    }

    /** Enters {@code d} at its domid ({@code evtchn_init}). */
    public void put(EvtchnDomain d) {
        byDomid[d.domid()] = d;
        limit = Math.max(limit, d.domid() + 1);
    }

    /** Forgets domain {@code domid} (its final destruction); its id may be reused. */
    public void remove(int domid) {
        if (domid >= 0 && domid < byDomid.length) {
            byDomid[domid] = null;
        }
    }

    /** One past the highest domid that may have an entry: scan {@code 0 <= domid < limit()}, in domid order. */
    public int limit() {
        return limit;
    }
}
