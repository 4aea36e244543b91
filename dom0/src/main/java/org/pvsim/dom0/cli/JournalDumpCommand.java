package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pvsim.dom0.run.DumpFilter;
import org.pvsim.dom0.run.DumpOutcome;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.run.JournalDumper;
import org.pvsim.dom0.run.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pvsim journal dump RUN-DIR [--kind KIND[,KIND...]] [--domain N] [--from INDEX] [--limit N]}: prints a run's
 * journal one line per record, as the format's dump tool does, keeping each record's index in the journal.
 */
@Command(
        name = "dump",
        header = "Print a run's journal, one line per record.",
        description = {
            "Reads RUN-DIR/journal (read-only, checking every record) and prints one line per record: its index in"
                    + " the journal (from 0, BOOT), the virtual time in ns, the kind, who (d<domid>v<vcpu>, d<domid>,"
                    + " p<pcpu> for a scheduling decision, - for none) and the details. The options keep only some"
                    + " records; the indexes stay those of the journal. If the journal is damaged, the lines before"
                    + " the damage are printed, then the problem on stderr.",
            "",
            "Example: the first five grant-table records of a run of the share scenario:",
            "",
            "  pvsim run share",
            "  pvsim journal dump runs/share-1 --kind GNTTAB --limit 5"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the journal was read to its end (or to --limit)",
            "1:no engine in this build",
            "2:usage error, no such run folder, or a missing, truncated, corrupt or other-version journal"
        })
final class JournalDumpCommand implements Callable<Integer> {

    @ParentCommand
    JournalCommandGroup group;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "RUN-DIR",
            description = "A run folder written by pvsim run (it holds journal/), e.g. runs/default-1.")
    Path runDir;

    @Option(
            names = "--kind",
            split = ",",
            paramLabel = "KIND",
            description = "Only records of these kinds (any case): BOOT, HYPERCALL, GUEST_WRITE, GUEST_FAULT,"
                    + " SCHEDULE, LIFECYCLE, END, TIMER, TRACE, UPCALL, EVTCHN, GNTTAB, PORT_IO.")
    List<String> kinds = List.of();

    @Option(
            names = "--domain",
            paramLabel = "N",
            description = "Only records of domain N (the record's domid; a scheduling record's is the vCPU it runs).")
    Integer domain;

    @Option(
            names = "--from",
            paramLabel = "INDEX",
            description = "Start at the record with this index (default: 0, BOOT).")
    long from;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N lines (default: no limit).")
    Long limit;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<JournalDumper> engineDumper = group.parent.engine().dumper();
        if (engineDumper.isEmpty()) {
            err.println("pvsim: " + EngineServices.missing(JournalDumper.class));
            return ExitStatus.FAILED;
        }
        JournalDumper dumper = engineDumper.get();
        DumpFilter filter = filter(dumper.kinds());
        if (!Files.isDirectory(runDir)) {
            err.println("pvsim: no such run folder: " + runDir);
            return ExitStatus.INPUT_ERROR;
        }
        if (!Files.isDirectory(runDir.resolve(RunOptions.JOURNAL_DIR))) {
            err.println(
                    "pvsim: " + runDir + " has no " + RunOptions.JOURNAL_DIR + "/ folder: is it a pvsim run folder?");
            return ExitStatus.INPUT_ERROR;
        }
        DumpOutcome outcome = dumper.dump(runDir, filter, out::println);
        out.flush();
        if (outcome instanceof DumpOutcome.Unreadable unreadable) {
            err.println("pvsim: " + unreadable.problem());
            return ExitStatus.INPUT_ERROR;
        }
        return ExitStatus.OK;
    }

    /** The options as a filter; a usage error for an unknown kind or a negative number. */
    private DumpFilter filter(List<String> validKinds) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String kind : kinds) {
            String name = kind.strip().toUpperCase(Locale.ROOT);
            if (!validKinds.contains(name)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--kind: unknown record kind '" + kind + "'; the kinds are " + String.join(", ", validKinds));
            }
            wanted.add(name);
        }
        if (domain != null && domain < 0) {
            throw new ParameterException(spec.commandLine(), "--domain: a domid is 0 or more, not " + domain);
        }
        if (from < 0) {
            throw new ParameterException(spec.commandLine(), "--from: an index is 0 or more, not " + from);
        }
        if (limit != null && limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit: a count is 0 or more, not " + limit);
        }
        return new DumpFilter(
                wanted,
                domain == null ? OptionalInt.empty() : OptionalInt.of(domain),
                from,
                limit == null ? Long.MAX_VALUE : limit);
    }
}
