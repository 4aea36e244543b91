package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl shutdown}: xl's {@code shutdown} ({@code main_shutdown} in {@code tools/xl/xl_vmcontrol.c}). */
@Command(
        name = "shutdown",
        header = "Issue a shutdown signal to a domain.",
        description = {
            "xl shutdown [-a] [-w [-w]] [-F] [DOMAIN]",
            "Writes \"poweroff\" to the domain's control/shutdown and waits (at most 60 s) for its kernel to"
                    + " acknowledge; the kernel then shuts down, and the toolstack applies on_poweroff."
        })
final class XlShutdownCommand extends XlSubcommand {
    @Option(
            names = {"-a", "--all"},
            description = "Every domain but dom0.")
    boolean all;

    @Option(
            names = {"-w", "--wait"},
            description = "Wait for the domain(s) to shut down; twice: to be destroyed.")
    boolean[] waits = new boolean[0];

    @Option(names = "-F", description = "ACPI fallback for HVM guests (no effect on PV guests).")
    boolean fallback;

    @Parameters(arity = "0..1", paramLabel = "DOMAIN", description = "The domain, by name or id.")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlShutdown(
                all, waits.length, fallback, args.isEmpty() ? Optional.empty() : Optional.of(args.get(0)));
    }
}
