/**
 * pvsim's standard workloads, each a {@link org.pvsim.guest.api.Workload} with its {@code SPEC}:
 *
 * <ul>
 *   <li>{@link org.pvsim.guest.workload.CpuWorkload} {@code cpu}: compute bursts and yields;
 *   <li>{@link org.pvsim.guest.workload.PageTableWorkload} {@code pagetable}: a fork-exec-exit loop on process page
 *       tables, batched with multicall, mmu_update and mmuext_op;
 *   <li>{@link org.pvsim.guest.workload.MemoryWorkload} {@code memory}: ballooning with memory_op;
 *   <li>{@link org.pvsim.guest.workload.IdleWorkload} {@code idle}: nothing to do;
 *   <li>{@link org.pvsim.guest.workload.InteractiveWorkload} {@code interactive}: short bursts, sleeping on the
 *       single-shot timer between them;
 *   <li>{@link org.pvsim.guest.workload.PingPongWorkload} {@code pingpong}: a notification bounced with another
 *       domain over an interdomain event channel, round trips measured;
 *   <li>{@link org.pvsim.guest.workload.TimerWorkload} {@code timer}: sleeps on the single-shot timer, wake-up
 *       lateness measured.
 * </ul>
 *
 * <p>They use only the kernel's services ({@code org.pvsim.guest.api}), its event channels ({@code
 * org.pvsim.guest.evtchn}) and its hypercall wrappers.
 */
package org.pvsim.guest.workload;
