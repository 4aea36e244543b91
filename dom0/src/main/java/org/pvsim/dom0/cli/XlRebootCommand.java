package org.pvsim.dom0.cli;

import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlReboot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
    @Mixin
    XlShutdownOptions o;

    @Override
    XlCommand command() {
        return new XlReboot(o.all, o.waits.length, o.fallback, o.domain());
    }
}
