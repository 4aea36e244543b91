/**
 * What workload code programs against: the {@link org.pvsim.guest.api.Kernel}'s services, the {@link
 * org.pvsim.guest.api.Workload} it implements, and the {@link org.pvsim.guest.api.WorkloadSpec} that names it and
 * checks its arguments. dom0's toolstack is such a workload; it adds its spec to the kernel's catalog
 * ({@code WorkloadCatalog.with}).
 *
 * <p>Workload code reaches the hypervisor only through the {@code GuestCpu} of each step and these services, never
 * through hypervisor objects: this package and its users import nothing from pvsim but {@code abi} packages.
 */
package org.pvsim.guest.api;
