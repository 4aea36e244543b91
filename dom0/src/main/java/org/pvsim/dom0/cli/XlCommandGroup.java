package org.pvsim.dom0.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pvsim xl SUBCOMMAND ... [SUBCOMMAND ...] [--scenario S] [--at TIME]}: runs xl's scheduling commands in the
 * dom0 of a scenario's host. On its own it prints its usage and exits with 2.
 */
@Command(
        name = "xl",
        header = "Run an xl scheduling command in a scenario's dom0.",
        description =
                "Boots the scenario's host (dom0 and its domains, as pvsim run does), and at virtual time --at has"
                        + " dom0's toolstack run the xl command through hypercalls, as xl would in a real dom0. Prints what xl"
                        + " prints and exits with xl's status. Nothing of the run is kept.",
        synopsisSubcommandLabel = "SUBCOMMAND [SUBCOMMAND...]",
        subcommandsRepeatable = true,
        subcommands = {
            XlSchedCreditCommand.class,
            XlSchedCredit2Command.class,
            XlSchedRtdsCommand.class,
            XlVcpuListCommand.class,
            XlVcpuPinCommand.class,
            // life cycle and identity (docs/toolstack.md)
            XlListCommand.class,
            XlPauseCommand.class,
            XlUnpauseCommand.class,
            XlMemSetCommand.class,
            XlMemMaxCommand.class,
            XlVcpuSetCommand.class,
            XlInfoCommand.class,
            XlTopCommand.class,
            XlDomidCommand.class,
            XlDomnameCommand.class,
            XlCreateCommand.class,
            XlDestroyCommand.class,
            XlShutdownCommand.class,
            XlRebootCommand.class,
            XlRenameCommand.class,
            XlUptimeCommand.class,
            // consoles (docs/toolstack.md)
            XlConsoleCommand.class,
            XlDmesgCommand.class,
            // split-driver devices (docs/split-drivers.md)
            XlNetworkListCommand.class,
            XlBlockListCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:xl succeeded",
            "1:xl failed (its message is on stderr), or the host could not run it",
            "2:usage or input error (bad option, scenario or xl.cfg)"
        })
final class XlCommandGroup implements Callable<Integer> {

    @ParentCommand
    PvsimCommand parent;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("pvsim: an xl subcommand is needed");
        commandLine.usage(commandLine.getErr());
        return ExitStatus.INPUT_ERROR;
    }
}
