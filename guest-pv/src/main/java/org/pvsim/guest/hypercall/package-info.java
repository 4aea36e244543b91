/**
 * How pvsim's PV kernel talks to the hypervisor: typed wrappers ({@link org.pvsim.guest.hypercall.Hypercalls}) that
 * marshal Xen's structures into a per-vCPU area of guest memory ({@link org.pvsim.guest.hypercall.ArgumentArea}) and
 * pass their addresses in registers, a multicall builder ({@link org.pvsim.guest.hypercall.MulticallBatch}), and the
 * {@code vcpu_guest_context} image ({@link org.pvsim.guest.hypercall.VcpuContextImage}).
 *
 * <pre>
 *   workload / kernel code
 *        |  hc.mmuUpdate(ptrs, vals, n, DOMID_SELF)
 *        v
 *   Hypercalls --- guest stores ---> ArgumentArea (the vCPU's pages, in guest memory)
 *        |                                   ^
 *        |  cpu.hypercall(1, va, n, pdone, fd) |  copy_from_guest / copy_to_guest
 *        v                                   |
 *   GuestCpu  ------------------------> hypervisor
 * </pre>
 *
 * <p>This package imports nothing from pvsim but the {@code abi} packages of the hypervisor and of event channels.
 */
package org.pvsim.guest.hypercall;
