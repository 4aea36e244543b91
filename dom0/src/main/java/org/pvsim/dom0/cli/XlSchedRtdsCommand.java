package org.pvsim.dom0.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pvsim.dom0.toolstack.XlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pvsim xl sched-rtds}: xl's {@code sched-rtds} ({@code tools/xl/xl_sched.c}). */
@Command(
        name = "sched-rtds",
        header = "Get or set RTDS scheduler parameters.",
        description = {
            "Without options: every domain's default period and budget (nothing if RTDS does not run); -v all: every"
                    + " vCPU's. -d DOMAIN: that domain's; with -v VCPU (repeatable) or -v all, its vCPUs'; with -p, -b"
                    + " and -e for each -v, sets them (period and budget in us, extratime 0 or 1).",
            "DOMAIN is a name or an id."
        })
final class XlSchedRtdsCommand extends XlSubcommand {
    @Option(
            names = {"-d", "--domain"},
            paramLabel = "DOMAIN",
            description = "The domain.")
    String domain;

    @Option(
            names = {"-v", "--vcpuid"},
            paramLabel = "VCPU",
            description = "A vCPU id, or all (repeatable).")
    List<String> vcpus = new ArrayList<>();

    @Option(
            names = {"-p", "--period"},
            paramLabel = "PERIOD",
            description = "Period, us (one per -v).")
    List<Integer> periods = new ArrayList<>();

    @Option(
            names = {"-b", "--budget"},
            paramLabel = "BUDGET",
            description = "Budget, us (one per -v).")
    List<Integer> budgets = new ArrayList<>();

    @Option(
            names = {"-e", "--extratime"},
            paramLabel = "0|1",
            description = "Extratime, 0 or 1 (one per -v).")
    List<String> extratimes = new ArrayList<>();

    @Override
    XlCommand command() {
        List<Integer> ids = new ArrayList<>();
        boolean all = false;
        for (String v : vcpus) {
            if (v.equals("all")) {
                all = true;
            } else if (v.matches("[0-9]{1,9}")) {
                ids.add(Integer.parseInt(v));
            } else {
                throw new IllegalArgumentException("Invalid VCPU ID \"" + v + "\": a vCPU number or all.");
            }
        }
        List<Integer> extra = new ArrayList<>();
        for (String e : extratimes) {
            if (!e.equals("0") && !e.equals("1")) {
                throw new IllegalArgumentException("Invalid extratime.");
            }
            extra.add(Integer.parseInt(e));
        }
        return new XlCommand.SchedRtds(Optional.ofNullable(domain), ids, all, periods, budgets, extra);
    }
}
