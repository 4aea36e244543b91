package org.pvsim.dom0.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of {@code docs/toolstack.md} are real ({@link DocumentedXlExamples}). */
class ToolstackDocumentedExamplesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandOnThePagePrintsWhatThePageShows() throws IOException {
        DocumentedXlExamples.check(Path.of("..", "docs", "toolstack.md"), dir, 3);
    }
}
