package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlDestroy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl destroy}: xl's {@code destroy} ({@code tools/xl/xl_vmcontrol.c}). */
@Command(
        name = "destroy",
        header = "Terminate a domain immediately.",
        description = "xl destroy [-f] DOMAIN: kills the domain without asking its kernel and removes its xenstore"
                + " nodes.")
final class XlDestroyCommand extends XlSubcommand {
    @Option(names = "-f", description = "Permit destroying domain 0.")
    boolean force;

    @Parameters(arity = "0..1", paramLabel = "DOMAIN", description = "The domain, by name or id.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlDestroy(force, XlArgs.require(args, "destroy", 1).get(0));
    }
}
