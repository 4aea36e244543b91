package org.pvsim.hypervisor.hypercall;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.spi.HypercallHandler;

/**
 * The hypercall table: one handler per number, like Xen's {@code pv_hypercall_table}. An unknown or unset number is
 * answered with {@code -ENOSYS}. Each dispatched call is counted for its domain, so a multicall's sub-calls count
 * under their own numbers as xenalyze counts them.
 */
public final class HypercallTable {
    private final CoreHypercall[] handlers = new CoreHypercall[Hypercall.NR_HYPERCALLS];

    /** Installs the core handler for {@code h}; a number can be installed once. */
    public void register(Hypercall h, CoreHypercall handler) {
        if (handlers[h.number] != null) {
            throw new IllegalStateException(h + " already has a handler");
        }
        handlers[h.number] = handler;
    }

    /** Installs a subsystem's handler for {@code h}. */
    public void registerSubsystem(Hypercall h, HypercallHandler handler) {
        register(h, (CoreHypercall) handler::invoke);
    }

    /** Whether a handler is installed for {@code number}. */
    public boolean isImplemented(int number) {
        return number >= 0 && number < handlers.length && handlers[number] != null;
    }

    /** Calls the handler for {@code op}, or answers {@code -ENOSYS}. */
    public long dispatch(HypercallFrame frame, long op, long a1, long a2, long a3, long a4, long a5) {
        if (op < 0 || op >= handlers.length) {
            return Errno.ENOSYS.neg();
        }
        frame.domain().countHypercall((int) op);
        if (handlers[(int) op] == null) {
            return Errno.ENOSYS.neg();
        }
        return handlers[(int) op].invoke(frame, a1, a2, a3, a4, a5);
    }
}
