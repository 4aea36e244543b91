package org.pvsim.dom0.cli;

import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
    @Mixin
    XlShutdownOptions o;

    @Override
    XlCommand command() {
        return new XlShutdown(o.all, o.waits.length, o.fallback, o.domain());
    }
}
