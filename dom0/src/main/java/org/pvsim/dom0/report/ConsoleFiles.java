package org.pvsim.dom0.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run folder's {@code console/}: one file per console log ({@link ConsoleFile}), as xenconsoled's {@code --log=all}
 * leaves them in {@code /var/log/xen/console/}.
 */
public final class ConsoleFiles {
    /** The folder's name inside a run folder. */
    public static final String FOLDER = "console";

    private ConsoleFiles() {}

    /** Writes every log into {@code runDir/console/}. */
    public static void write(List<ConsoleFile> files, Path runDir) {
        Path dir = runDir.resolve(FOLDER);
        try {
            Files.createDirectories(dir);
            for (ConsoleFile f : files) {
                Files.writeString(dir.resolve(f.fileName()), f.text(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }
}
