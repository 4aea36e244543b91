package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an exception no command expected: a bug in pvsim, not a user error. Prints a short message and the stack
 * trace (so the bug can be reported) and exits with 1. User errors never get here: the commands catch them and print
 * {@code pvsim: MESSAGE}.
 */
final class InternalErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println("pvsim: internal error (a bug in pvsim; please report it with the trace below): " + ex);
        ex.printStackTrace(err);
        err.flush();
        return ExitStatus.FAILED;
    }
}
