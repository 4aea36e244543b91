/**
 * RTDS, Xen's real-time deferrable server scheduler ({@code xen/common/sched/rt.c}): global preemptive EDF over the
 * host's pCPUs, with a period, a budget and an extratime flag per vCPU.
 *
 * <pre>
 *   RtdsScheduler   the policy: wake/sleep/schedule, runq_tickle, the replenishment timer, rt_dom_cntl
 *   RtdsUnit        per-vCPU state (struct rt_unit) and its arithmetic: rt_update_deadline, burn_budget, misses
 *   RtdsQueue       the intrusive queues: runq (priority order), depletedq (unordered), replq (deadline order)
 *   RtdsParams      defaults, limits and rt_validate_params
 *
 *   one period of a vCPU with period P, budget B:
 *
 *     deadline-P                                         deadline  (= next replenishment)
 *        |--- runs (burns) ---|-- blocked (kept) --|-- runs --|
 *        budget B                                   budget 0 -> depletedq until the deadline, or, with extratime,
 *                                                               priority level +1 and budget B again
 * </pre>
 */
package org.pvsim.hypervisor.sched.rtds;
