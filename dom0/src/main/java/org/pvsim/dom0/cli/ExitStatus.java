package org.pvsim.dom0.cli;

/** The exit codes of {@code pvsim}. */
public final class ExitStatus {

    /** Everything went as asked. */
    public static final int OK = 0;

    /**
     * The run failed: an engine failure, an audit violation, a replay divergence, no engine in this build, or an
     * internal error.
     */
    public static final int FAILED = 1;

    /** Usage or input error: bad options, bad scenario or xl.cfg, bad journal or run folder. */
    public static final int INPUT_ERROR = 2;

    private ExitStatus() {}
}
