package org.pvsim.dom0.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlCreate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pvsim xl create}: xl's {@code create} ({@code main_create} in {@code tools/xl/xl_vmcontrol.c}). The file is
 * read here, on the host, when the command is given; dom0's toolstack builds the domain.
 */
@Command(
        name = "create",
        header = "Create a domain from an xl.cfg file.",
        description = {
            "xl create [FILE] [-p] [-q] [-f FILE] [KEY=VALUE ...]",
            "KEY=VALUE arguments are extra xl.cfg lines appended to the file, so they override it"
                    + " (e.g. memory=256 'extra=\"workload=cpu\"'). The guest's workload comes from the kernel"
                    + " command line (cmdline, or root and extra): workload=NAME and its arguments."
        })
final class XlCreateCommand extends XlSubcommand {
    @Option(names = "-p", description = "Leave the domain paused after it is created.")
    boolean paused;

    @Option(
            names = {"-q", "--quiet"},
            description = "Do not print \"Parsing config from FILE\".")
    boolean quiet;

    @Option(
            names = {"-f", "--defconfig"},
            paramLabel = "FILE",
            description = "Use the given configuration file.")
    String defconfig;

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "FILE, then KEY=VALUE settings.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        List<String> files = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (String a : args) {
            (a.indexOf('=') >= 0 ? extra : files).add(a);
        }
        if (files.size() > 1) {
            throw new IllegalArgumentException("'xl create' takes one configuration file, not " + files.size() + ": "
                    + String.join(", ", files) + ".");
        }
        // -f replaces a file named first on the line, as in xl
        String file = defconfig != null ? defconfig : files.isEmpty() ? null : files.get(0);
        return XlCreate.load(file, extra, paused, quiet, Path.of("").toAbsolutePath());
    }
}
