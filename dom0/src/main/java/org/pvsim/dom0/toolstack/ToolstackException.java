package org.pvsim.dom0.toolstack;

import org.pvsim.hypervisor.abi.Errno;

/** A toolstack operation failed: the message says which step, and the Xen error when there was one. */
public final class ToolstackException extends Exception {
    private static final long serialVersionUID = 1L;

    public ToolstackException(String message) {
        super(message);
    }

    /** A hypercall step that returned {@code rc}. */
    static ToolstackException failed(String step, long rc) {
        return new ToolstackException(step + " failed: " + Errno.describe(rc));
    }
}
