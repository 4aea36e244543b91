package org.pvsim.dom0.report;

import java.util.Objects;

/**
 * What one timed xl command of a run did: a scenario's {@code actions:} entry during {@code pvsim run}, or a command
 * typed in {@code pvsim shell} (kept by {@code save-run}).
 *
 * @param atNs when it was typed (the action's {@code at})
 * @param xl the command as written, without the leading {@code xl}
 * @param ranAtNs when dom0 ran it, or -1 if it did not run before the run ended
 * @param exitCode xl's exit status, or -1 if it did not run
 * @param output what xl printed, both streams interleaved as a terminal shows them
 */
public record XlActionResult(long atNs, String xl, long ranAtNs, int exitCode, String output) {
    /** Checks the components. */
    public XlActionResult {
        Objects.requireNonNull(xl, "xl");
        Objects.requireNonNull(output, "output");
    }

    /** Whether dom0 ran it. */
    public boolean ran() {
        return ranAtNs >= 0;
    }
}
