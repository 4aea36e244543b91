package org.pvsim.dom0.scenario;

import org.pvsim.dom0.toolstack.XlCommand;

/**
 * Reads one xl command line ({@code "sched-credit -d web -w 512"}, with or without a leading {@code xl}) into the
 * command dom0's toolstack runs. The command line supplies it ({@code org.pvsim.dom0.cli.XlLineParsers}): the same
 * parser {@code pvsim xl} and {@code pvsim shell} use, so a scenario's {@code actions:} accept exactly what they
 * accept.
 */
@FunctionalInterface
public interface XlLineParser {

    /** A parser that refuses every line: for loaders that are never given actions (benchmarks, some tests). */
    XlLineParser NONE = line -> {
        throw new IllegalArgumentException("this scenario loader cannot read xl commands (no xl parser given)");
    };

    /**
     * The command {@code line} describes.
     *
     * @throws IllegalArgumentException with a message for the user (xl's own text for arguments xl refuses, picocli's
     *     for an unknown subcommand or option), for a line that is not exactly one xl command
     */
    XlCommand parse(String line);
}
