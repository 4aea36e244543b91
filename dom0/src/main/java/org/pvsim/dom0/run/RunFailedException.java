package org.pvsim.dom0.run;

/**
 * A run that could not complete: an audit violation, a hypervisor failure (a Java exception escaping a hypercall is
 * the equivalent of a hypervisor crash), or a domain the builder could not build. {@code pvsim run} prints the message
 * after {@code pvsim: run failed: } and exits with 1; the message is the engine's report and may span lines (e.g. the
 * violated invariant, the record index, domain, vCPU and hypercall).
 */
public final class RunFailedException extends Exception {

    /** @param report what went wrong, for the user */
    public RunFailedException(String report) {
        super(report);
    }

    /** @param report what went wrong, for the user @param cause the underlying failure, kept for debugging */
    public RunFailedException(String report, Throwable cause) {
        super(report, cause);
    }
}
