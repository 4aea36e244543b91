package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlListDomains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl list}: xl's {@code list} ({@code tools/xl/xl_info.c}). */
@Command(
        name = "list",
        header = "List information about all or one domain.",
        description = {
            "xl list [-l] [-v] [-Z] [-c] [DOMAIN]",
            "One row per domain: name, id, memory (MiB), vCPUs online, state (r running, b blocked, p paused,"
                    + " s shut down, then the shutdown reason - r s c w S, d dying) and CPU time (s)."
        })
final class XlListCommand extends XlSubcommand {
    @Option(
            names = {"-l", "--long"},
            description = "Print each domain's saved configuration as libxl's JSON.")
    boolean details;

    @Option(
            names = {"-v", "--verbose"},
            description = "Add the UUID, the shutdown reason code and the security label.")
    boolean verbose;

    @Option(
            names = {"-Z", "--context"},
            description = "Add the security label.")
    boolean context;

    @Option(
            names = {"-c", "--cpupool"},
            description = "Add the CPU pool.")
    boolean cpupool;

    @Parameters(arity = "0..*", paramLabel = "DOMAIN", description = "A domain by name or id (default: all).")
    List<String> domains = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlListDomains(details, verbose, context, cpupool, domains);
    }
}
