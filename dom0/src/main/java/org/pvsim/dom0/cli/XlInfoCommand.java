package org.pvsim.dom0.cli;

import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl info}: xl's {@code info} ({@code tools/xl/xl_info.c}). */
@Command(
        name = "info",
        header = "Get information about the Xen host.",
        description = {
            "xl info [NAME]",
            "One \"name : value\" line per fact: dom0's kernel, the host's CPUs and memory (XEN_SYSCTL_physinfo, in"
                    + " MiB), the hypervisor's version, capabilities, scheduler and command line (xen_version,"
                    + " XEN_SYSCTL_sched_id). With NAME, only the value of the lines whose name starts with NAME."
        })
final class XlInfoCommand extends XlSubcommand {
    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description = "Print only this piece of information, e.g. free_memory.")
    String name;

    @Override
    XlCommand command() {
        return new XlInfo(Optional.ofNullable(name));
    }
}
