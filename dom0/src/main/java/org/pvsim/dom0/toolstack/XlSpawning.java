package org.pvsim.dom0.toolstack;

/**
 * An {@link XlCommand} that runs as an {@link XlProcess} (in place of {@link XlRunnable}): the command record stays
 * immutable, and each invocation gets a fresh process holding what it waits for.
 */
interface XlSpawning {
    /** A new process for one invocation of the command, not started yet. */
    XlProcess spawn();
}
