package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlUptime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl uptime}: xl's {@code uptime} ({@code tools/xl/xl_info.c}). */
@Command(
        name = "uptime",
        header = "Print the uptime of all or some domains.",
        description = {
            "xl uptime [-s] [DOMAIN ...]",
            "Times are virtual: the host's clock starts at 00:00:00 when it boots."
        })
final class XlUptimeCommand extends XlSubcommand {
    @Option(names = "-s", description = "Short format: \" TIME up UPTIME, NAME (ID)\".")
    boolean shortMode;

    @Parameters(arity = "0..*", paramLabel = "DOMAIN", description = "Domains by name or id (default: all).")
    List<String> domains = new ArrayList<>();

    @Override
    XlCommand command() {
        return new XlUptime(shortMode, domains);
    }
}
