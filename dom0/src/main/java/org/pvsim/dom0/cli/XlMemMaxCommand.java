package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlMemMax;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl mem-max}: xl's {@code mem-max} ({@code tools/xl/xl_mem.c}). */
@Command(
        name = "mem-max",
        header = "Set the maximum amount reservation for a domain.",
        description = "xl mem-max DOMAIN SIZE: sets the domain's static maximum memory/static-max (SIZE in MiB, or"
                + " with a unit b, k, m, g, t) and raises Xen's limit to it plus 1 MiB (XEN_DOMCTL_max_mem);"
                + " refused below the current balloon target memory/target. The guest's memory does not change:"
                + " use mem-set for that.")
final class XlMemMaxCommand extends XlSubcommand {
    @Parameters(arity = "0..2", paramLabel = "DOMAIN SIZE", description = "The domain, by name or id, and the size.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        List<String> a = XlArgs.require(args, "mem-max", 2);
        return new XlMemMax(a.get(0), a.get(1));
    }
}
