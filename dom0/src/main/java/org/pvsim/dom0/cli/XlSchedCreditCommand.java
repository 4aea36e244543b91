package org.pvsim.dom0.cli;

import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pvsim xl sched-credit}: xl's {@code sched-credit} ({@code tools/xl/xl_sched.c}). */
@Command(
        name = "sched-credit",
        header = "Get or set credit scheduler parameters.",
        description = {
            "Without options: the pool's parameters and every domain's weight and cap (nothing if credit does not"
                    + " run). -d DOMAIN: that domain's; with -w/-c, sets them. -s: the pool's tslice, ratelimit and"
                    + " migration delay; with -t/-r/-m, sets them.",
            "DOMAIN is a name or an id."
        })
final class XlSchedCreditCommand extends XlSubcommand {
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
            names = {"-t", "--tslice_ms"},
            paramLabel = "TSLICE",
            description = "Timeslice, ms (with -s).")
    Integer tslice;

    @Option(
            names = {"-r", "--ratelimit_us"},
            paramLabel = "RLIMIT",
            description = "Rate limit, us (with -s).")
    Integer ratelimit;

    @Option(
            names = {"-m", "--migration_delay_us"},
            paramLabel = "DLY",
            description = "Migration delay, us (with -s).")
    Integer migrationDelay;

    @Override
    XlCommand command() {
        return new XlCommand.SchedCredit(
                Optional.ofNullable(domain),
                XlOptions.of(weight),
                XlOptions.of(cap),
                schedparam,
                XlOptions.of(tslice),
                XlOptions.of(ratelimit),
                XlOptions.of(migrationDelay));
    }
}
