package org.pvsim.hypervisor.abi;

/**
 * Scheduler identifiers ({@code XEN_SCHEDULER_*}, {@code xen/include/public/domctl.h}), as {@code XEN_SYSCTL_sched_id}
 * reports the host's scheduler and the scheduler_op domctl and sysctl name theirs. Number 4 was SEDF, since removed.
 */
public enum XenSchedulerId {
    /** The credit scheduler. */
    XEN_SCHEDULER_CREDIT(5),
    /** The credit2 scheduler, Xen's default. */
    XEN_SCHEDULER_CREDIT2(6),
    /** The ARINC 653 partition scheduler. */
    XEN_SCHEDULER_ARINC653(7),
    /** The real-time deferrable server scheduler. */
    XEN_SCHEDULER_RTDS(8),
    /** The null scheduler: one vCPU per physical CPU. */
    XEN_SCHEDULER_NULL(9);

    private static final XenSchedulerId[] BY_CODE = new XenSchedulerId[9 + 1];

    static {
        for (XenSchedulerId c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    /** The numeric value Xen uses. */
    public final int code;

    XenSchedulerId(int code) {
        this.code = code;
    }

    /** The scheduler with this id, or {@code null} if Xen defines none. */
    public static XenSchedulerId ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
