package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlRename;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl rename}: xl's {@code rename} ({@code main_rename} in {@code tools/xl/xl_misc.c}). */
@Command(
        name = "rename",
        header = "Rename a domain.",
        description = "xl rename DOMAIN NEWNAME: the new name must not be another domain's.")
final class XlRenameCommand extends XlSubcommand {
    @Parameters(arity = "0..2", paramLabel = "ARG", description = "DOMAIN NEWNAME")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        List<String> a = XlArgs.require(args, "rename", 2);
        return new XlRename(a.get(0), a.get(1));
    }
}
