package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlMemSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl mem-set}: xl's {@code mem-set} ({@code tools/xl/xl_mem.c}). */
@Command(
        name = "mem-set",
        header = "Set the current memory usage for a domain.",
        description = "xl mem-set DOMAIN SIZE: writes the balloon target memory/target (SIZE in MiB, or with a unit"
                + " b, k, m, g, t), after raising Xen's limit for the domain (XEN_DOMCTL_max_mem).")
final class XlMemSetCommand extends XlSubcommand {
    @Parameters(arity = "0..2", paramLabel = "DOMAIN SIZE", description = "The domain, by name or id, and the size.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        List<String> a = XlArgs.require(args, "mem-set", 2);
        return new XlMemSet(a.get(0), a.get(1));
    }
}
