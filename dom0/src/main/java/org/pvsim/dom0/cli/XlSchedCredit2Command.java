package org.pvsim.dom0.cli;

import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pvsim xl sched-credit2}: xl's {@code sched-credit2} ({@code tools/xl/xl_sched.c}). */
@Command(
        name = "sched-credit2",
        header = "Get or set credit2 scheduler parameters.",
        description = {
            "Without options: the pool's rate limit and every domain's weight and cap (nothing if credit2 does not"
                    + " run). -d DOMAIN: that domain's; with -w/-c, sets them. -s: the pool's rate limit; with -r,"
                    + " sets it.",
            "DOMAIN is a name or an id."
        })
final class XlSchedCredit2Command extends XlSubcommand {
    @Mixin
    XlCreditOptions options = new XlCreditOptions();

    @Override
    XlCommand command() {
        return new XlCommand.SchedCredit2(
                Optional.ofNullable(options.domain),
                XlOptions.of(options.weight),
                XlOptions.of(options.cap),
                options.schedparam,
                XlOptions.of(options.ratelimit));
    }
}
