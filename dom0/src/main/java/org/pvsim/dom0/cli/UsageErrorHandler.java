package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.pvsim.dom0.xlcfg.NearestName;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command-line usage error (unknown option, bad value, missing argument) as {@code pvsim: MESSAGE}, with
 * picocli's suggestions for a mistyped option and a pointer to the command's help, and exits with 2.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("pvsim: " + ex.getMessage());
        // Our edit distance first: picocli's own guess matches letter pairs, and takes 'rn' for 'journal', not 'run'.
        if (!suggestCommand(ex, err)) {
            UnmatchedArgumentException.printSuggestions(ex, err);
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitStatus.INPUT_ERROR;
    }

    /** For a mistyped command ({@code pvsim rn}), names the closest one; whether it named one. */
    private static boolean suggestCommand(ParameterException ex, PrintWriter err) {
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            CommandLine command = ex.getCommandLine();
            List<String> names = List.copyOf(command.getSubcommands().keySet());
            Optional<String> nearest =
                    NearestName.among(unmatched.getUnmatched().get(0), names);
            nearest.ifPresent(name ->
                    err.println("Did you mean: " + command.getCommandSpec().qualifiedName() + " " + name + "?"));
            return nearest.isPresent();
        }
        return false;
    }
}
