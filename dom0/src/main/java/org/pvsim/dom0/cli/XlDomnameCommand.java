package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlDomname;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl domname}: xl's {@code domname} ({@code tools/xl/xl_info.c}). */
@Command(name = "domname", header = "Convert a domain id to a domain name.", description = "xl domname ID")
final class XlDomnameCommand extends XlSubcommand {
    @Parameters(arity = "0..1", paramLabel = "ID", description = "The domain's id.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return XlDomname.parse(XlArgs.require(args, "domname", 1).get(0));
    }
}
