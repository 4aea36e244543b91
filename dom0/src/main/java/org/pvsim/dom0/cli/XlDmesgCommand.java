package org.pvsim.dom0.cli;

import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlDmesg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pvsim xl dmesg}: xl's {@code dmesg} ({@code main_dmesg} in {@code tools/xl/xl_info.c}). */
@Command(
        name = "dmesg",
        header = "Read and/or clear dom0 message buffer.",
        description = {
            "xl dmesg [-c]",
            "Prints Xen's console ring (XEN_SYSCTL_readconsole): Xen's own (XEN) lines, dom0's kernel output and"
                    + " what guests wrote with CONSOLEIO_write, prefixed (dN)."
        })
final class XlDmesgCommand extends XlSubcommand {
    @Option(
            names = {"-c", "--clear"},
            description = "Clear Xen's console ring after reading it.")
    boolean clear;

    @Override
    XlCommand command() {
        return new XlDmesg(clear);
    }
}
