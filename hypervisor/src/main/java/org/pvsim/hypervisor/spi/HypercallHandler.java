package org.pvsim.hypervisor.spi;

/**
 * Serves one hypercall number, as an entry of Xen's {@code hypercall_table} does. It must not throw: every error is
 * answered with Xen's negative errno. It must not keep {@code ctx}.
 */
@FunctionalInterface
public interface HypercallHandler {
    /** Serves a call with the five register arguments (RDI, RSI, RDX, R10, R8). */
    long invoke(HypercallContext ctx, long a1, long a2, long a3, long a4, long a5);
}
