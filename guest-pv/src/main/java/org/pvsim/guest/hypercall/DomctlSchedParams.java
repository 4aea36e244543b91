package org.pvsim.guest.hypercall;

import org.pvsim.hypervisor.abi.DomctlSchedulerOpDescriptor;
import org.pvsim.hypervisor.abi.XenSchedulerId;

/**
 * A domain's or a vCPU's parameters for one scheduler: a value of the union {@code u} of {@code
 * xen_domctl_scheduler_op} and of {@code xen_domctl_schedparam_vcpu} ({@code xen/include/public/domctl.h}), as {@link
 * SchedulerControl} passes and returns them. The variant says which scheduler ({@link #scheduler()}) the call names
 * in {@code sched_id}.
 *
 * <p>Each component holds the whole range of its ABI field (16 bits for weight and cap, 32 for the RTDS fields), so
 * that a caller can pass what Xen would refuse; the limits are the scheduler's to check. Credit reads a weight of 0 and
 * a cap of 0xFFFF as "leave unchanged" ({@code csched_dom_cntl}).
 */
public sealed interface DomctlSchedParams {

    /** The scheduler these parameters are for. */
    XenSchedulerId scheduler();

    /**
     * {@code struct xen_domctl_sched_credit}.
     *
     * @param weight 0..65535 (the scheduler accepts 1..65535; 256 by default)
     * @param cap 0..65535, in % of one pCPU; 0 is no cap
     */
    record Credit(int weight, int cap) implements DomctlSchedParams {
        public Credit {
            checkU16("credit weight", weight);
            checkU16("credit cap", cap);
        }

        @Override
        public XenSchedulerId scheduler() {
            return XenSchedulerId.XEN_SCHEDULER_CREDIT;
        }
    }

    /**
     * {@code struct xen_domctl_sched_credit2}.
     *
     * @param weight 0..65535 (the scheduler accepts 1..65535; 256 by default)
     * @param cap 0..65535, in % of one pCPU; 0 is no cap
     */
    record Credit2(int weight, int cap) implements DomctlSchedParams {
        public Credit2 {
            checkU16("credit2 weight", weight);
            checkU16("credit2 cap", cap);
        }

        @Override
        public XenSchedulerId scheduler() {
            return XenSchedulerId.XEN_SCHEDULER_CREDIT2;
        }
    }

    /**
     * {@code struct xen_domctl_sched_rtds}.
     *
     * @param periodUs the period, µs, 0..2^32-1
     * @param budgetUs the budget per period, µs, 0..2^32-1
     * @param flags {@link DomctlSchedulerOpDescriptor#XEN_DOMCTL_SCHEDRT_extra} or 0 (the whole 32-bit field)
     */
    record Rtds(long periodUs, long budgetUs, int flags) implements DomctlSchedParams {
        public Rtds {
            checkU32("RTDS period", periodUs);
            checkU32("RTDS budget", budgetUs);
        }

        /** Whether the vCPU may run beyond its budget ({@code XEN_DOMCTL_SCHEDRT_extra}). */
        public boolean extratime() {
            return (flags & DomctlSchedulerOpDescriptor.XEN_DOMCTL_SCHEDRT_extra) != 0;
        }

        @Override
        public XenSchedulerId scheduler() {
            return XenSchedulerId.XEN_SCHEDULER_RTDS;
        }
    }

    private static void checkU16(String what, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " is a 16-bit field: 0..65535, not " + value);
        }
    }

    private static void checkU32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " is a 32-bit field: 0..4294967295, not " + value);
        }
    }
}
