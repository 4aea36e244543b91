package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlVcpuSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl vcpu-set}: xl's {@code vcpu-set} ({@code tools/xl/xl_vcpu.c}). */
@Command(
        name = "vcpu-set",
        header = "Set the number of active VCPUs allowed for the domain.",
        description = {
            "xl vcpu-set [-i] DOMAIN N",
            "Writes cpu/K/availability = online for the domain's vCPUs K < N and offline for the others; the guest"
                    + " kernel watches these nodes and brings its vCPUs up or down (see xl vcpu-list). N must be"
                    + " between 1 and the domain's maximum vCPUs."
        })
final class XlVcpuSetCommand extends XlSubcommand {
    @Option(
            names = {"-i", "--ignore-host"},
            description = "Don't limit the vCPUs to the host's pCPU count.")
    boolean ignoreHost;

    @Parameters(arity = "0..2", paramLabel = "DOMAIN N", description = "The domain, by name or id, and the count.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        List<String> a = XlArgs.require(args, "vcpu-set", 2);
        return new XlVcpuSet(ignoreHost, a.get(0), a.get(1));
    }
}
