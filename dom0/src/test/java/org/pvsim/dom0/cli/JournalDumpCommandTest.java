package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.hypervisor.journal.JournalPrinter;

/** {@code pvsim journal dump} on the journal of a real run of the built-in {@code share} scenario. */
@Timeout(120)
class JournalDumpCommandTest {

    @TempDir
    static Path dir;

    static Path runDir;

    @BeforeAll
    static void runShare() {
        runDir = dir.resolve("runs/share-1");
        CommandLineRun run = pvsim("run", "share", "--duration", "20ms", "--out", runDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    static CommandLineRun pvsim(String... args) {
        return CommandLineRun.execute(EngineServices.discover(), dir.resolve("runs"), args);
    }

    static List<String> lines(CommandLineRun run) {
        return run.out().lines().toList();
    }

    /** The index a dump line starts with. */
    static long index(String line) {
        return Long.parseLong(line.strip().split(" +")[0]);
    }

    /** A dump line's fields: index, time, kind, who. */
    static String[] fields(String line) {
        return line.strip().split(" +", 5);
    }

    @Test
    void dumpPrintsWhatTheJournalPrinterPrints() throws Exception {
        CommandLineRun run = pvsim("journal", "dump", runDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        StringBuilder printed = new StringBuilder();
        long n = JournalPrinter.print(runDir.resolve("journal"), printed);
        assertThat(run.out()).isEqualTo(printed.toString());
        List<String> lines = lines(run);
        assertThat(lines).hasSize((int) n);
        assertThat(lines.get(0)).matches(" +0 +0 BOOT .*scenario \"share\".*");
        assertThat(lines.get(lines.size() - 1))
                .contains(" END ")
                .endsWith("end of journal after " + (n - 1) + " records");
    }

    @Test
    void kindsAreMatchedInAnyCaseAndIndexesAreThoseOfTheJournal() {
        CommandLineRun run = pvsim("journal", "dump", runDir.toString(), "--kind", "gnttab,Evtchn");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = lines(run);
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(line -> assertThat(fields(line)[2]).isIn("GNTTAB", "EVTCHN"));
        assertThat(lines.stream().map(l -> fields(l)[2])).contains("GNTTAB", "EVTCHN");
        assertThat(lines.stream().mapToLong(JournalDumpCommandTest::index).toArray())
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(index(lines.get(0))).isGreaterThan(0);
    }

    @Test
    void theDomainFilterKeepsOneDomainsRecords() {
        CommandLineRun run = pvsim("journal", "dump", runDir.toString(), "--kind", "HYPERCALL", "--domain", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = lines(run);
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(fields(line)[3]).startsWith("d2v"));
        assertThat(run.out()).contains("grant_table_op(");
    }

    @Test
    void fromAndLimitSelectAWindow() {
        CommandLineRun all = pvsim("journal", "dump", runDir.toString());
        CommandLineRun window = pvsim("journal", "dump", runDir.toString(), "--from", "10", "--limit", "3");
        assertThat(window.exitCode()).isZero();
        assertThat(lines(window)).containsExactlyElementsOf(lines(all).subList(10, 13));
        CommandLineRun firstGrant = pvsim("journal", "dump", runDir.toString(), "--kind", "GNTTAB", "--limit", "1");
        assertThat(lines(firstGrant)).hasSize(1);
        assertThat(lines(all))
                .filteredOn(l -> fields(l)[2].equals("GNTTAB"))
                .first()
                .isEqualTo(lines(firstGrant).get(0));
    }

    @Test
    void anUnknownKindIsAUsageErrorListingTheKinds() {
        CommandLineRun run = pvsim("journal", "dump", runDir.toString(), "--kind", "GNTTAB,GRANT");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("pvsim: --kind: unknown record kind 'GRANT'; the kinds are BOOT, HYPERCALL, GUEST_WRITE,"
                        + " GUEST_FAULT, SCHEDULE, LIFECYCLE, END, TIMER, TRACE, UPCALL, EVTCHN, GNTTAB, PORT_IO\n")
                .contains("Try 'pvsim journal dump --help'");
    }

    @Test
    void aNegativeNumberIsAUsageError() {
        CommandLineRun run = pvsim("journal", "dump", runDir.toString(), "--limit", "-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("pvsim: --limit: a count is 0 or more, not -1\n");
    }

    @Test
    void aMissingFolderOrJournalFolderIsAnInputError() throws IOException {
        Path nope = dir.resolve("nope");
        CommandLineRun missing = pvsim("journal", "dump", nope.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("pvsim: no such run folder: " + nope + "\n");
        Path bare = Files.createDirectories(dir.resolve("bare"));
        CommandLineRun noJournal = pvsim("journal", "dump", bare.toString());
        assertThat(noJournal.exitCode()).isEqualTo(2);
        assertThat(noJournal.err())
                .isEqualTo("pvsim: " + bare + " has no journal/ folder: is it a pvsim run folder?\n");
    }

    @Test
    void anEmptyJournalFolderIsAnInputErrorNamingIt() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/journal")).getParent();
        CommandLineRun run = pvsim("journal", "dump", empty.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("pvsim: journal " + empty.resolve("journal") + " holds no queue files")
                .endsWith("\n");
    }

    @Test
    void aTruncatedJournalPrintsTheLinesBeforeTheDamageThenTheProblem() throws IOException {
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut.resolve("journal"));
        Path cycleFile = null;
        try (Stream<Path> files = Files.list(runDir.resolve("journal"))) {
            for (Path f : files.toList()) {
                Path copy = Files.copy(f, cut.resolve("journal").resolve(f.getFileName()));
                if (f.getFileName().toString().endsWith(".cq4")) {
                    cycleFile = copy;
                }
            }
        }
        assertThat(cycleFile).isNotNull();
        byte[] bytes = Files.readAllBytes(cycleFile);
        int dataEnd = bytes.length;
        while (dataEnd > 0 && bytes[dataEnd - 1] == 0) {
            dataEnd--;
        }
        try (RandomAccessFile file = new RandomAccessFile(cycleFile.toFile(), "rw")) {
            file.setLength(dataEnd - 100); // inside the last records: the queue file is preallocated, then zeros
        }
        CommandLineRun run = pvsim("journal", "dump", cut.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        List<String> lines = lines(run);
        assertThat(lines).as(run.err()).isNotEmpty();
        assertThat(lines.get(0)).contains(" BOOT ");
        assertThat(lines).noneMatch(l -> l.contains(" END "));
        assertThat(run.err())
                .startsWith("pvsim: journal " + cut.resolve("journal"))
                .contains("truncated");
        assertThat(run.err()).contains("record " + lines.size());
    }

    @Test
    void theGroupAloneIsAUsageError() {
        CommandLineRun run = pvsim("journal");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("pvsim: a journal subcommand is needed\n")
                .contains("dump");
    }

    @Test
    void theHelpShowsAnExample() {
        CommandLineRun run = pvsim("journal", "dump", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("pvsim journal dump runs/share-1 --kind GNTTAB --limit 5", "--domain=N");
    }

    @Test
    void withoutAnEngineDumpFailsClearly() {
        CommandLineRun run = CommandLineRun.execute(
                EngineServices.none(), dir.resolve("runs"), "journal", "dump", runDir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no implementation of org.pvsim.dom0.run.JournalDumper");
    }
}
