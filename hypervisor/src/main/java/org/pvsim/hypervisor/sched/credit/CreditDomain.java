package org.pvsim.hypervisor.sched.credit;

import org.pvsim.hypervisor.domain.Domain;

/**
 * Credit's per-domain state ({@code struct csched_dom}): weight, cap, and the list of its vCPUs that take part in
 * accounting ({@code active_unit}), newest first. A domain is on the host-wide active list exactly when that list is
 * not empty ({@link CreditAccounting}).
 */
final class CreditDomain {
    /** {@code CSCHED_DEFAULT_WEIGHT}. */
    static final int DEFAULT_WEIGHT = 256;

    final Domain dom;
    /** 1..65535. */
    int weight = DEFAULT_WEIGHT;
    /** In % of one pCPU; 0 = no cap. */
    int cap;

    CreditUnit activeUnitHead;
    int activeUnitCount;

    boolean active;
    CreditDomain activePrev;
    CreditDomain activeNext;

    CreditDomain(Domain dom) {
        this.dom = dom;
    }

    @Override
    public String toString() {
        return "d" + dom.domid() + "[w=" + weight + " cap=" + cap + " active=" + activeUnitCount + "]";
    }
}
