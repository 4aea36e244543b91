package org.pvsim.hypervisor.abi;

/**
 * Thrown by a {@link GuestCpu} call made after the vCPU was taken off the CPU during the current step (its domain
 * shut down or paused, or the vCPU brought down): the step ends there, as the real vCPU would not have executed
 * another instruction. Guest code must let it through.
 */
public final class VcpuStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The one instance: it carries no state and no stack trace. */
    public static final VcpuStopped INSTANCE = new VcpuStopped();

    private VcpuStopped() {
        super("the vCPU was taken off the CPU", null, false, false);
    }
}
