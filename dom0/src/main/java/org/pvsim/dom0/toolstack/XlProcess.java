package org.pvsim.dom0.toolstack;

/**
 * An xl command in progress across dom0 steps: xl blocked in libxl's event loop ({@code libxl_event_wait}, a
 * synchronous {@code libxl_asyncop}). {@code xl shutdown} waits for the guest to acknowledge {@code control/shutdown}
 * ({@code libxl__xswait}), {@code -w} then for the domain's death. dom0's toolstack calls {@link #step} once when the
 * command starts, then again at its later steps while the answer is {@link #IN_PROGRESS}, with the same {@link Libxl}
 * (so what the command prints accumulates in one console); a step never blocks and makes a bounded number of calls.
 */
interface XlProcess {
    /** What {@link #step} answers while the command still waits. Never an exit status. */
    int IN_PROGRESS = Integer.MIN_VALUE;

    /**
     * Advances the command.
     *
     * @return xl's exit status once the command is over, {@link #IN_PROGRESS} while it waits
     */
    int step(Libxl libxl);
}
