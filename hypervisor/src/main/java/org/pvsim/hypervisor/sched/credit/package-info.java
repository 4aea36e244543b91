/**
 * Xen's credit scheduler, credit1 ({@code sched=credit}; {@code xen/common/sched/credit.c}), split by role. User
 * documentation: {@code docs/schedulers.md}.
 *
 * <pre>
 *  every 30 ms (csched_acct, CreditAccounting): 300 credits per pCPU shared by weight x active vCPUs,
 *      capped domains limited (and parked when in debt), credit &lt; 0: OVER, else UNDER
 *  every 10 ms per busy pCPU (csched_tick): burn the running vCPU's credit, end its BOOST,
 *      make it active, maybe move it (pick_cpu), re-sort the runqueue after an accounting
 *
 *  pCPU 0 runq:  d2v0 BOOST -> d1v1 UNDER -> d3v0 UNDER -> d1v0 OVER      (CreditPcpu, FIFO per priority)
 *  pCPU 1 runq:  d4v0 OVER
 *
 *  wake: UNDER -> BOOST, runq_insert, __runq_tickle (CreditPlacement): own pCPU if it outranks, else an idler
 *  do_schedule: burn_credits, rate limit, head of runq; head OVER or none: steal a higher-priority vCPU
 *               from a busy peer (CreditLoadBalancer), within soft then hard affinity
 * </pre>
 *
 * <ul>
 *   <li>{@link org.pvsim.hypervisor.sched.credit.CreditScheduler}: the policy and its hooks ({@code csched_schedule},
 *       {@code csched_tick}, wake, sleep, yield, parameters).
 *   <li>{@code CreditAccounting}: {@code csched_acct} and the active lists; {@code CreditTunables}: the timeslice,
 *       rate limit and delays ({@code csched_sys_cntl}).
 *   <li>{@code CreditPcpu}, {@code CreditUnit}, {@code CreditDomain}: per pCPU, vCPU and domain state.
 *   <li>{@code CreditPlacement}: {@code _csched_cpu_pick}, {@code __runq_tickle}; {@code CreditLoadBalancer}:
 *       {@code csched_load_balance}, {@code csched_runq_steal}.
 * </ul>
 */
package org.pvsim.hypervisor.sched.credit;
