package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlUnpause;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl unpause}: xl's {@code unpause} ({@code tools/xl/xl_vmcontrol.c}). */
@Command(
        name = "unpause",
        header = "Unpause a paused domain.",
        description = "xl unpause DOMAIN: lowers the domain's controller pause count (XEN_DOMCTL_unpausedomain).")
final class XlUnpauseCommand extends XlSubcommand {
    @Parameters(arity = "0..1", paramLabel = "DOMAIN", description = "The domain, by name or id.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlUnpause(XlArgs.require(args, "unpause", 1).get(0));
    }
}
