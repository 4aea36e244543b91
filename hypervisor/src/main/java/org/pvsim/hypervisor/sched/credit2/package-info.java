/**
 * Xen's credit2 scheduler ({@code sched=credit2}, the default; {@code xen/common/sched/credit2.c}), split by role.
 * User documentation: {@code docs/schedulers.md}.
 *
 * <pre>
 *  pCPUs 0 1 | 2 3          credit2_runqueue=socket, 2 sockets: two runqueues
 *        rq0 | rq1          (RunqueueArrangement, at init)
 *
 *  rq0: runq  d1v0(9.1ms) -> d3v0(4.0ms) -> d2v0(-0.2ms)     ordered by credit (Credit2Runqueue)
 *       svc   every unit assigned to rq0; max_weight = heaviest of them
 *
 *  wake ----> runq_insert ----> runq_tickle (Credit2Tickler): idle core > idle pCPU > preempt lowest credit
 *  do_schedule: burn_credits, runq_candidate, [top credit <= 0: reset_credit (+10 ms, clip 10.5 ms)
 *               and balance_load (Credit2Balancer)], csched2_runtime, context_saved
 *  capped domain: budget pool refilled every credit2_cap_period_ms; no budget = parked (Credit2Domain)
 * </pre>
 *
 * <ul>
 *   <li>{@link org.pvsim.hypervisor.sched.credit2.Credit2Scheduler}: the policy and its hooks.
 *   <li>{@link org.pvsim.hypervisor.sched.credit2.RunqueueArrangement}: {@code credit2_runqueue} and the
 *       pCPU-to-runqueue assignment.
 *   <li>{@code Credit2Runqueue}, {@code Credit2Unit}, {@code Credit2Domain}: per runqueue, vCPU and domain state.
 *   <li>{@code Credit2Schedule}: {@code csched2_schedule}, {@code runq_candidate}, {@code csched2_runtime},
 *       {@code reset_credit}, {@code csched2_context_saved}.
 *   <li>{@code Credit2Tickler}: {@code runq_tickle}; {@code Credit2Balancer}: {@code csched2_res_pick}, {@code
 *       balance_load}, {@code migrate}; {@code Credit2Budget}: caps (grab, park, unpark, refill).
 * </ul>
 */
package org.pvsim.hypervisor.sched.credit2;
