package org.pvsim.dom0.cli;

import picocli.CommandLine.Option;

/**
 * The options {@code xl sched-credit} and {@code xl sched-credit2} share ({@code tools/xl/xl_sched.c}): the domain,
 * its weight and cap, {@code -s} for the pool's parameters, and the rate limit. A picocli mixin.
 */
final class XlCreditOptions {
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
}
