package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlPause;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl pause}: xl's {@code pause} ({@code tools/xl/xl_vmcontrol.c}). */
@Command(
        name = "pause",
        header = "Pause execution of a domain.",
        description = "xl pause DOMAIN: raises the domain's controller pause count (XEN_DOMCTL_pausedomain).")
final class XlPauseCommand extends XlSubcommand {
    @Parameters(arity = "0..1", paramLabel = "DOMAIN", description = "The domain, by name or id.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlPause(XlArgs.require(args, "pause", 1).get(0));
    }
}
