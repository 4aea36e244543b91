package org.pvsim.dom0.cli;

import java.util.List;

/** xl's own check of how many arguments a subcommand got ({@code def_getopt} in {@code tools/xl/xl_utils.c}). */
final class XlArgs {
    private XlArgs() {}

    /**
     * Checks that {@code args} has at least {@code required} arguments, refusing with xl's {@code 'xl CMD' requires at
     * least N argument(s).}.
     *
     * @return {@code args}
     */
    static List<String> require(List<String> args, String command, int required) {
        if (args.size() < required) {
            throw new IllegalArgumentException("'xl " + command + "' requires at least " + required + " argument"
                    + (required > 1 ? "s" : "") + ".");
        }
        return args;
    }
}
