package org.pvsim.dom0.run;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a scenario, beyond the scenario itself. The seed and duration are the scenario's
 * ({@link org.pvsim.dom0.scenario.ResolvedScenario#seed()} and {@code durationNs()}): the command line has already
 * applied {@code --seed} and {@code --duration} to it, so that {@code scenario.resolved.yaml} records what ran.
 *
 * @param outDir the run folder; it exists, and holds {@code scenario.resolved.yaml} and nothing else when the run
 *     starts
 * @param audit check the hypervisor's invariants after every hypercall ({@code --audit}); the first violation stops
 *     the run with a {@link RunFailedException}
 */
public record RunOptions(Path outDir, boolean audit) {

    /** The name of the journal folder inside a run folder. */
    public static final String JOURNAL_DIR = "journal";

    /** Checks that the folder is set. */
    public RunOptions {
        Objects.requireNonNull(outDir, "outDir");
    }

    /** Where the run's journal goes: {@code outDir/journal}, which does not exist yet when the run starts. */
    public Path journalDir() {
        return outDir.resolve(JOURNAL_DIR);
    }
}
