package org.pvsim.guest.gnttab;

import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * What the grant table needs of the kernel: the grant area, a range of kernel addresses whose page tables exist (Linux's
 * {@code alloc_vm_area}), the hypercall wrappers of a vCPU, and the kernel's panic. Kept apart from {@code
 * org.pvsim.guest.api.Kernel} so that the packages form no cycle, as the event layer's {@code KernelPages} does.
 *
 * <p>Invariant: an address {@link #reserveVa()} gave lies under an L1 table Xen validated, and its entry is empty
 * until something maps it; it is handed out once until {@link #releaseVa} takes it back.
 */
public interface GrantKernel {
    /** A free page of the grant area, or a negative errno (-4095..-1; an address is negative too, but below). */
    long reserveVa();

    /** Takes back a page {@link #reserveVa()} gave; its entry must be empty again. */
    void releaseVa(long va);

    /** The machine address of the L1 entry behind a reserved page. */
    long pteMachineAddress(long va);

    /** The hypercall wrappers of {@code cpu}'s vCPU. */
    Hypercalls hypercalls(GuestCpu cpu);

    /** Panics the kernel with {@code message}; returns the exception to throw. */
    RuntimeException panic(GuestCpu cpu, String message);
}
