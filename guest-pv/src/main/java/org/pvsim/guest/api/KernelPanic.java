package org.pvsim.guest.api;

/**
 * Thrown through workload code after the kernel panicked ({@link Kernel#panic}): the message is on the console and
 * the domain was shut down with {@code SHUTDOWN_crash}, as Linux does on Xen. Code must let it through; the kernel
 * catches it at the end of the step.
 */
public final class KernelPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A panic with the message the console already shows. */
    public KernelPanic(String message) {
        super(message, null, false, false);
    }
}
