package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlReboot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl reboot}: xl's {@code reboot} ({@code main_reboot} in {@code tools/xl/xl_vmcontrol.c}). */
@Command(
        name = "reboot",
        header = "Issue a reboot signal to a domain.",
        description = {
            "xl reboot [-a] [-w [-w]] [-F] [DOMAIN]",
            "Writes \"reboot\" to the domain's control/shutdown and waits (at most 60 s) for its kernel to"
                    + " acknowledge; the kernel then shuts down, and the toolstack applies on_reboot."
        })
final class XlRebootCommand extends XlSubcommand {
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
        return new XlReboot(all, waits.length, fallback, args.isEmpty() ? Optional.empty() : Optional.of(args.get(0)));
    }
}
