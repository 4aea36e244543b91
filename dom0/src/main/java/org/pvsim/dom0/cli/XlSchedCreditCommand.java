package org.pvsim.dom0.cli;

import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    XlCreditOptions options = new XlCreditOptions();

    @Option(
            names = {"-t", "--tslice_ms"},
            paramLabel = "TSLICE",
            description = "Timeslice, ms (with -s).")
    Integer tslice;

    @Option(
            names = {"-m", "--migration_delay_us"},
            paramLabel = "DLY",
            description = "Migration delay, us (with -s).")
    Integer migrationDelay;

    @Override
    XlCommand command() {
        return new XlCommand.SchedCredit(
                Optional.ofNullable(options.domain),
                XlOptions.of(options.weight),
                XlOptions.of(options.cap),
                options.schedparam,
                XlOptions.of(tslice),
                XlOptions.of(options.ratelimit),
                XlOptions.of(migrationDelay));
    }
}
