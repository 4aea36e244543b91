package org.pvsim.dom0.cli;

import org.pvsim.dom0.scenario.BuiltinScenarios;
import picocli.CommandLine.Option;

/** The options every {@code pvsim xl} subcommand takes: which host, and when in its life the command is typed. */
final class XlHostOptions {
    /** The default {@code --at}: one virtual second, when the domains of most scenarios are up and running. */
    static final String DEFAULT_AT = "1s";

    @Option(
            names = "--scenario",
            paramLabel = "SCENARIO",
            defaultValue = BuiltinScenarios.DEFAULT,
            description = "A scenario file (YAML), or the name of a built-in scenario (see: pvsim scenarios)."
                    + " Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            defaultValue = DEFAULT_AT,
            converter = DurationConverter.class,
            description = "Virtual time at which dom0 runs the command, e.g. 2s, 500ms (units ns, us, ms, s);"
                    + " the scenario's duration plays no part. Default: ${DEFAULT-VALUE}.")
    long atNs;

    @Option(
            names = "--seed",
            paramLabel = "N",
            converter = SeedConverter.class,
            description = "Seed for every random choice (0 or more); replaces the scenario's seed.")
    Long seed;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
