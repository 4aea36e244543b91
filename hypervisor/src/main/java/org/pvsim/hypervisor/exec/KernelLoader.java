package org.pvsim.hypervisor.exec;

import org.pvsim.hypervisor.abi.GuestKernel;

/**
 * Finds the code of a guest kernel by the name in its image header ({@code KernelImageDescriptor}), as a boot loader
 * finds a kernel in its image: the link between a domain's memory and the Java code that runs in it. Supplied by
 * the composition root.
 */
@FunctionalInterface
public interface KernelLoader {
    /**
     * A new kernel instance for domain {@code domid}, or {@code null} if no kernel has this name. Called once per
     * domain, the first time its vCPU 0 runs.
     */
    GuestKernel load(int domid, String imageName);
}
