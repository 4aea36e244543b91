package org.pvsim.dom0.toolstack;

/**
 * An {@link XlCommand} that runs itself in dom0's toolstack, as xl's {@code main_*} function does: it makes its
 * hypercalls and xenstore requests through {@code libxl}, prints to {@code libxl.con}, and answers xl's exit status
 * (0, or 1 when it fails).
 */
interface XlRunnable {
    /** Runs the command; returns xl's exit status. */
    int run(Libxl libxl);
}
