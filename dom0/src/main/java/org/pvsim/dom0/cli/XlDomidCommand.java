package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlDomid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl domid}: xl's {@code domid} ({@code tools/xl/xl_info.c}). */
@Command(name = "domid", header = "Convert a domain name to a domain id.", description = "xl domid NAME")
final class XlDomidCommand extends XlSubcommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The domain's name.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlDomid(XlArgs.require(args, "domid", 1).get(0));
    }
}
