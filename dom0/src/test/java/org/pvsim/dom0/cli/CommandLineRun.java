package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.pvsim.dom0.run.EngineServices;
import picocli.CommandLine;

/**
 * One execution of the {@code pvsim} command line with captured output.
 *
 * @param exitCode the exit status
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CommandLineRun(int exitCode, String out, String err) {

    static CommandLineRun execute(EngineServices engine, Path runsFolder, String... args) {
        CommandLine commandLine = PvsimCommand.commandLine(engine, runsFolder);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandLineRun(exitCode, out.toString(), err.toString());
    }
}
