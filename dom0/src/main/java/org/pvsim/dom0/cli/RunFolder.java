package org.pvsim.dom0.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.pvsim.dom0.report.ConsoleFiles;
import org.pvsim.dom0.report.StatsJson;
import org.pvsim.dom0.report.XlActionsLog;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.dom0.scenario.ResolvedScenarioWriter;

/**
 * Prepares a run folder: creates it, or empties a previous run from it. To protect the user's files, a folder that
 * holds anything other than what {@code pvsim run} writes ({@link #RUN_FILES}) is refused rather than emptied.
 */
final class RunFolder {

    /** What a run folder may hold: pvsim's outputs, present and planned. */
    static final Set<String> RUN_FILES = Set.of(
            ResolvedScenarioWriter.FILE_NAME,
            StatsJson.FILE_NAME,
            RunOptions.JOURNAL_DIR,
            XlActionsLog.FILE_NAME,
            ConsoleFiles.FOLDER,
            "report.html",
            "trace.json");

    private RunFolder() {}

    /**
     * Makes {@code dir} an empty run folder.
     *
     * @throws RunFolderException if it is a file, holds files that are not a previous run's, or cannot be written
     */
    static void prepare(Path dir) throws RunFolderException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFolderException(dir + " is a file, not a folder; choose another --out");
        }
        try {
            if (Files.isDirectory(dir)) {
                List<Path> entries;
                try (Stream<Path> list = Files.list(dir)) {
                    entries = list.sorted().toList();
                }
                for (Path entry : entries) {
                    if (!RUN_FILES.contains(entry.getFileName().toString())) {
                        throw new RunFolderException(dir + " is not a pvsim run folder (it holds " + entry.getFileName()
                                + "); choose another --out or empty it");
                    }
                }
                for (Path entry : entries) {
                    deleteTree(entry);
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunFolderException("cannot prepare the run folder " + dir + ": " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
