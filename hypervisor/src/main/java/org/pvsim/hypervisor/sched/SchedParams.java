package org.pvsim.hypervisor.sched;

/**
 * A domain's or a vCPU's scheduling parameters, as {@code XEN_DOMCTL_scheduler_op} carries them
 * ({@code xen_domctl_sched_credit}, {@code _credit2}, {@code _rtds}, {@code pub/domctl.h}). Which fields a policy
 * reads and writes depends on the policy: credit and credit2 use {@link #weight} and {@link #cap}; RTDS uses
 * {@link #periodUs}, {@link #budgetUs} and {@link #extratime}. A mutable holder reused across calls; on a put, a field
 * left 0 means "leave unchanged", as in Xen.
 */
public final class SchedParams {
    /** Credit/credit2 weight, 1..65535 (0 on a put: unchanged). */
    public int weight;
    /** Credit/credit2 cap in % of one pCPU, 0 = no cap. */
    public int cap;
    /** RTDS period in µs (0 on a put: unchanged). */
    public long periodUs;
    /** RTDS budget in µs (0 on a put: unchanged). */
    public long budgetUs;
    /** RTDS {@code XEN_DOMCTL_SCHEDRT_extra}: may run beyond its budget. */
    public boolean extratime;

    /** Clears every field. */
    public SchedParams clear() {
        weight = 0;
        cap = 0;
        periodUs = 0;
        budgetUs = 0;
        extratime = false;
        return this;
    }

    @Override
    public String toString() {
        return "weight=" + weight + " cap=" + cap + " period=" + periodUs + "us budget=" + budgetUs + "us extratime="
                + extratime;
    }
}
