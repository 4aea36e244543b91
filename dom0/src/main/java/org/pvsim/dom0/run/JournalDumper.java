package org.pvsim.dom0.run;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a run's journal one readable line per record, as the hypervisor's journal printer formats it: {@code pvsim
 * journal dump}. Implemented by the composition root ({@code org.pvsim.dom0.boot}) and found through {@link
 * java.util.ServiceLoader}, so that the command line need not know the journal's format.
 *
 * <p>An implementation must read {@code runDir/journal} in order, hand each record that passes the filter to the
 * consumer as one line (without its line end) whose index is the record's index in the journal, stop once {@link
 * DumpFilter#limit()} lines are handed over, never throw for a bad journal (it hands over the lines before the damage
 * and returns {@link DumpOutcome.Unreadable}), and not print. Construction must be cheap: the command line creates the
 * implementation at start-up, even for {@code pvsim --help}.
 */
public interface JournalDumper {

    /** The names of the journal's record kinds, in the format's order ({@code BOOT}, {@code HYPERCALL}, ...). */
    List<String> kinds();

    /**
     * Dumps the journal of the run folder {@code runDir}. The command line has checked that {@code runDir} and {@code
     * runDir/journal} are folders, and that every kind in the filter is one of {@link #kinds()}.
     *
     * @param runDir a run folder written by {@code pvsim run}
     * @param filter which records to print
     * @param lines receives one line per record printed
     * @return how many lines were printed, or why the journal could not be read to the end
     */
    DumpOutcome dump(Path runDir, DumpFilter filter, Consumer<String> lines);
}
