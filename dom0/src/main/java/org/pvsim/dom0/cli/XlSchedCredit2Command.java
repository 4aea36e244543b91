package org.pvsim.dom0.cli;

import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
    @Option(
            names = {"-d", "--domain"},
            paramLabel = "DOMAIN",
            description = "The domain.")
    String domain;

    @Option(
            names = {"-w", "--weight"},
            paramLabel = "WEIGHT",
            description = "Its weight, 1..65535.")
    Integer weight;

    @Option(
            names = {"-c", "--cap"},
            paramLabel = "CAP",
            description = "Its cap, % of one CPU (0: none).")
    Integer cap;

    @Option(
            names = {"-s", "--schedparam"},
            description = "The pool's parameters instead of a domain's.")
    boolean schedparam;

    @Option(
            names = {"-r", "--ratelimit_us"},
            paramLabel = "RLIMIT",
            description = "Rate limit, us (with -s).")
    Integer ratelimit;

    @Override
    XlCommand command() {
        return new XlCommand.SchedCredit2(
                Optional.ofNullable(domain),
                XlOptions.of(weight),
                XlOptions.of(cap),
                schedparam,
                XlOptions.of(ratelimit));
    }
}
