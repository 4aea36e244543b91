/**
 * The null scheduler ({@code xen/common/sched/null.c}): each pCPU runs one vCPU, always the same, or nothing; vCPUs
 * never move between pCPUs, and those that find no free pCPU wait in a global FIFO until one is freed.
 *
 * <p>The package is {@code nullsched} because Java forbids {@code null} as a package name (it is a literal, not an
 * identifier); the policy's name, as {@code sched=} takes it, is still {@code null}.
 *
 * <pre>
 *   NullScheduler   the policy: assignment at wake / on a freed pCPU, the waitq, null_unit_migrate
 *   NullUnit        per-vCPU state (struct null_unit): its pCPU, its place in the waitq
 *
 *   pCPU 0: d0v0     pCPU 1: d1v0     pCPU 2: d1v1        waitq: d2v0 -> d2v1
 *   d1v0 goes offline: pCPU 1 is freed and given to d2v0, the first waiter it suits
 * </pre>
 */
package org.pvsim.hypervisor.sched.nullsched;
