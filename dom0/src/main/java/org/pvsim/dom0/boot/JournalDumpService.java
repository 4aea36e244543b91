package org.pvsim.dom0.boot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.pvsim.dom0.run.DumpFilter;
import org.pvsim.dom0.run.DumpOutcome;
import org.pvsim.dom0.run.JournalDumper;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.hypervisor.journal.JournalFormatException;
import org.pvsim.hypervisor.journal.JournalPrinter;
import org.pvsim.hypervisor.journal.JournalReader;
import org.pvsim.hypervisor.journal.JournalRecord;
import org.pvsim.hypervisor.journal.RecordKind;

/**
 * {@code pvsim journal dump}: reads the journal with {@link JournalReader} (read-only, checking every record) and
 * formats each record that passes the filter with {@link JournalPrinter#line}, so the lines are those of the format's
 * own dump tool.
 */
public final class JournalDumpService implements JournalDumper {
    private static final List<String> KINDS =
            Arrays.stream(RecordKind.values()).map(Enum::name).toList();

    @Override
    public List<String> kinds() {
        return KINDS;
    }

    @Override
    public DumpOutcome dump(Path runDir, DumpFilter filter, Consumer<String> lines) {
        long printed = 0;
        if (filter.limit() == 0) {
            return new DumpOutcome.Printed(0);
        }
        try (JournalReader reader = JournalReader.open(runDir.resolve(RunOptions.JOURNAL_DIR))) {
            for (JournalRecord r = reader.next(); r != null; r = reader.next()) {
                long index = reader.index();
                if (filter.accepts(index, r.kind().name(), r.domid())) {
                    lines.accept(JournalPrinter.line(index, r));
                    if (++printed == filter.limit()) {
                        break;
                    }
                }
            }
            return new DumpOutcome.Printed(printed);
        } catch (JournalFormatException e) {
            return new DumpOutcome.Unreadable(printed, e.getMessage());
        }
    }
}
