package org.pvsim.scenario;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.pvsim.dom0.cli.PvsimCommand;
import org.pvsim.dom0.run.EngineServices;
import picocli.CommandLine;

/** Runs the {@code pvsim} command line in-process with the real engine, capturing its output and exit code. */
record Pvsim(int exitCode, String out, String err) {
    static Pvsim run(Path runsFolder, String... args) {
        CommandLine cl = PvsimCommand.commandLine(EngineServices.discover(), runsFolder);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Pvsim(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
