package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl vcpu-list}: xl's {@code vcpu-list} ({@code tools/xl/xl_vcpu.c}). */
@Command(
        name = "vcpu-list",
        header = "List the vCPUs of all or some domains.",
        description = "One line per vCPU: its domain, where it runs or last ran, its state (r running, b blocked, p"
                + " offline), its CPU time and its hard and soft affinity.")
final class XlVcpuListCommand extends XlSubcommand {
    @Parameters(arity = "0..*", paramLabel = "DOMAIN", description = "Domains by name or id (default: all).")
    List<String> domains = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlCommand.VcpuList(domains);
    }
}
