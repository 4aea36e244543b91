/**
 * Virtual time for guests: each vCPU's periodic, single-shot and poll timers ({@link
 * org.pvsim.hypervisor.timer.VcpuTimers}), each domain's watchdogs ({@link
 * org.pvsim.hypervisor.timer.DomainWatchdogs}), {@code set_timer_op} ({@link
 * org.pvsim.hypervisor.timer.SetTimerOpHypercall}) and the {@code vcpu_time_info} a PV guest reads its clock from
 * ({@link org.pvsim.hypervisor.timer.VcpuSystemTime}), following {@code xen/common/sched/core.c}, {@code
 * xen/common/domain.c} and {@code xen/arch/x86/time.c}.
 *
 * <pre>
 *   set_timer_op / VCPUOP_*_timer / SCHEDOP_poll / SCHEDOP_watchdog      (hypercalls: inputs)
 *                  |
 *                  v
 *   HypervisorTimers (journalled identity: class, domain, vCPU, index)
 *                  |  expiry = a TIMER input; replay fires it when the journal says
 *                  v
 *   VIRQ_TIMER --> VirqSink --(no event channels yet)--> journal VIRQ_RAISED + vcpu_unblock --> vcpu_wake
 *   poll timeout -------------------------------------------------------> vcpu_unblock
 *   watchdog ----------------------------------------------------------> domain_shutdown(SHUTDOWN_watchdog)
 *
 *   context switch (SchedulerCore) --> stop prev's periodic timer; re-arm next's; update next's vcpu_time_info
 * </pre>
 *
 * <p>Virtual time is nanoseconds since boot, and the TSC a guest reads counts the same nanoseconds (1 GHz).
 */
package org.pvsim.hypervisor.timer;
