package org.pvsim.dom0.run;

import java.util.List;
import java.util.Objects;
import org.pvsim.dom0.toolstack.XlChunk;

/**
 * What one xl command printed and returned, as dom0 ran it.
 *
 * @param exitCode xl's exit status
 * @param out xl's standard output
 * @param err xl's and libxl's standard error
 * @param ranAtNs the virtual time at which dom0 ran it
 * @param transcript both streams interleaved, in the order xl wrote them
 */
public record XlOutcome(int exitCode, String out, String err, long ranAtNs, List<XlChunk> transcript) {
    /** Checks and copies. */
    public XlOutcome {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        transcript = List.copyOf(transcript);
    }
}
