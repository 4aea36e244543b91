package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlConsoleAttach;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl console}: xl's {@code console} ({@code main_console} in {@code tools/xl/xl_console.c}). */
@Command(
        name = "console",
        header = "Attach to a domain's console.",
        description = {
            "xl console [-t pv|serial|vuart] [-n NUM] DOMAIN",
            "Prints what the domain wrote to its PV console (served by dom0's xenconsoled) since the last"
                    + " `xl console` of it, all of it the first time, then detaches: virtual time does not move while"
                    + " a console is attached. The whole log is also in the run folder, console/guest-NAME.log."
        })
final class XlConsoleCommand extends XlSubcommand {
    @Option(names = "-t", paramLabel = "TYPE", description = "The console type: pv (the only one a PV domain has).")
    String type;

    @Option(names = "-n", paramLabel = "NUM", description = "The console number (0, the primary console).")
    int num;

    @Option(names = "-e", paramLabel = "ESC", description = "The escape character (accepted; pvsim detaches at once).")
    String escape;

    @Parameters(arity = "0..1", paramLabel = "DOMAIN", description = "The domain, by name or id.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlConsoleAttach(XlArgs.require(args, "console", 1).get(0), type, num);
    }
}
