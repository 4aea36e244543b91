package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlCpuList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pvsim xl vcpu-pin}: xl's {@code vcpu-pin} ({@code tools/xl/xl_vcpu.c}). */
@Command(
        name = "vcpu-pin",
        header = "Set the hard and soft affinity of a domain's vCPU(s).",
        description = {
            "xl vcpu-pin [-f] DOMAIN VCPU|all HARD|- [SOFT|-]",
            "HARD and SOFT are CPU lists such as 0-3,^1 or all; - leaves that affinity as it is."
        })
final class XlVcpuPinCommand extends XlSubcommand {
    @Option(
            names = {"-f", "--force"},
            description = "Undo a stuck SCHEDOP_pin_override (not with all).")
    boolean force;

    @Parameters(arity = "0..4", paramLabel = "ARG", description = "DOMAIN VCPU|all HARD|- [SOFT|-]")
    List<String> args = new ArrayList<>();

    @Override
    XlCommand command() {
        if (args.size() < 3) {
            throw new IllegalArgumentException("'xl vcpu-pin' requires at least 3 arguments.");
        }
        int vcpu = XlCommand.VcpuPin.parseVcpu(args.get(1));
        Optional<XlCpuList> hard = cpus(args.get(2));
        Optional<XlCpuList> soft = args.size() > 3 ? cpus(args.get(3)) : Optional.empty();
        return new XlCommand.VcpuPin(args.get(0), vcpu, hard, soft, force);
    }

    private static Optional<XlCpuList> cpus(String text) {
        return text.equals("-") ? Optional.empty() : Optional.of(XlCpuList.parse(text));
    }
}
