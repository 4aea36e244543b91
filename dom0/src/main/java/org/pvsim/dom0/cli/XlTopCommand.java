package org.pvsim.dom0.cli;

import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlTop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pvsim xl top}: xl's {@code top}, which runs xentop; here xentop's batch mode ({@code tools/xentop}). */
@Command(
        name = "top",
        header = "Monitor a host and the domains (xentop in batch mode).",
        description = {
            "xl top [-d DELAY] [-i ITERATIONS]",
            "Prints ITERATIONS tables, DELAY seconds of virtual time apart, each a header and one line per domain:"
                    + " NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k)"
                    + " VBDS VBD_OO VBD_RD VBD_WR VBD_RSECT VBD_WSECT SSID. CPU(%) is measured between two tables,"
                    + " so the first table shows 0.0, as xentop's does: use -i 2 to see it."
        })
final class XlTopCommand extends XlSubcommand {
    @Option(
            names = {"-d", "--delay"},
            paramLabel = "DELAY",
            description = "Seconds of virtual time between tables (default: ${DEFAULT-VALUE}, as xentop); pvsim also"
                    + " takes decimals, e.g. 0.5, since pvsim xl gives a command 1 virtual second.")
    String delay = "3";

    @Option(
            names = {"-i", "--iterations"},
            paramLabel = "ITERATIONS",
            description = "How many tables to print (default: ${DEFAULT-VALUE}).")
    int iterations = XlTop.DEFAULT_ITERATIONS;

    @Override
    XlCommand command() {
        return new XlTop(XlTop.parseDelay(delay), iterations);
    }
}
