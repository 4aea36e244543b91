package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code xl shutdown} and {@code xl reboot} share ({@code main_shutdown_or_reboot}). */
final class XlShutdownOptions {
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

    /** The domain named, if any. */
    Optional<String> domain() {
        return args.isEmpty() ? Optional.empty() : Optional.of(args.get(0));
    }
}
