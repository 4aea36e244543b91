package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pvsim.dom0.boot.CatalogOfGuestWorkloads;
import org.pvsim.dom0.boot.ScenarioXl;
import org.pvsim.dom0.run.EngineServices;
import org.pvsim.dom0.scenario.HostScheduler;
import picocli.CommandLine;

/**
 * Checks that a documentation page's xl examples are real: each {@code $ pvsim xl ...} line is run through the
 * command line with the real engine, on the scenarios the page shows (a {@code ```yaml} block starting with {@code #
 * NAME.yaml}) or a built-in one, and must print exactly the lines under it (both streams, in order) and end with the
 * status an {@code echo $?} there shows. An example whose scenario names a scheduler pvsim does not simulate yet is
 * skipped, and runs once it is.
 */
final class DocumentedXlExamples {
    private static final Pattern SCENARIO = Pattern.compile("--scenario (\\S+)");

    private final Path dir;

    private DocumentedXlExamples(Path dir) {
        this.dir = dir;
    }

    private record Example(String command, String output, Integer exit) {}

    /** Runs every example of {@code page}, writing its scenarios to {@code dir}; at least {@code minimum} run. */
    static void check(Path page, Path dir, int minimum) throws IOException {
        new DocumentedXlExamples(dir).check(page, minimum);
    }

    private void check(Path page, int minimum) throws IOException {
        List<String> lines = Files.readAllLines(page);
        writeScenarios(lines);
        int checked = 0;
        for (Example e : examples(lines)) {
            Matcher m = SCENARIO.matcher(e.command());
            if (m.find() && Files.exists(dir.resolve(m.group(1)))) {
                String text = Files.readString(dir.resolve(m.group(1)));
                Matcher sched = Pattern.compile("scheduler: (\\w+)").matcher(text);
                if (sched.find()
                        && !HostScheduler.ofXenName(sched.group(1))
                                .orElseThrow()
                                .simulated()) {
                    continue;
                }
            }
            String[] args = e.command()
                    .replace("--scenario ", "--scenario " + (Files.exists(dir.resolve(scenarioOf(e))) ? dir + "/" : ""))
                    .split(" ");
            StringWriter both = new StringWriter();
            CommandLine cl = PvsimCommand.commandLine(
                    new EngineServices(
                            java.util.Optional.empty(),
                            java.util.Optional.empty(),
                            java.util.Optional.of(new CatalogOfGuestWorkloads()),
                            java.util.Optional.of(new ScenarioXl())),
                    dir);
            PrintWriter w = new PrintWriter(both, true);
            cl.setOut(w);
            cl.setErr(w);
            int exit = cl.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
            assertThat(both.toString()).as(e.command()).isEqualTo(e.output());
            if (e.exit() != null) {
                assertThat(exit).as("exit status of " + e.command()).isEqualTo(e.exit());
            }
            checked++;
        }
        assertThat(checked).as("examples checked on " + page).isGreaterThanOrEqualTo(minimum);
    }

    /** The scenario an example names, or "". */
    private static String scenarioOf(Example e) {
        Matcher m = SCENARIO.matcher(e.command());
        return m.find() ? m.group(1) : "";
    }

    /** Writes each {@code ```yaml} block that starts with {@code # NAME.yaml} to {@code NAME.yaml}. */
    private void writeScenarios(List<String> lines) throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("```yaml") && lines.get(i + 1).startsWith("# ")) {
                String name = lines.get(i + 1).substring(2).strip();
                StringBuilder text = new StringBuilder();
                for (int j = i + 1; !lines.get(j).equals("```"); j++) {
                    text.append(lines.get(j)).append('\n');
                }
                Files.writeString(dir.resolve(name), text);
            }
        }
    }

    /** The {@code $ pvsim xl} lines of the page's plain code blocks, with the lines each prints. */
    private static List<Example> examples(List<String> lines) {
        List<Example> out = new ArrayList<>();
        boolean inBlock = false;
        boolean inOtherBlock = false;
        String command = null;
        StringBuilder output = null;
        Integer exit = null;
        boolean echo = false;
        for (String line : lines) {
            if (inOtherBlock) {
                inOtherBlock = !line.equals("```");
                continue;
            }
            if (!inBlock) {
                inBlock = line.equals("```");
                inOtherBlock = !inBlock && line.startsWith("```");
                continue;
            }
            boolean end = line.equals("```");
            if (end || line.startsWith("$ ")) {
                if (command != null && line.equals("$ echo $?")) {
                    echo = true;
                    continue;
                }
                if (command != null) {
                    out.add(new Example(command, output.toString(), exit));
                    command = null;
                }
                if (end) {
                    inBlock = false;
                    continue;
                }
                if (line.startsWith("$ pvsim xl ")) {
                    String c = line.substring(2);
                    exit = null;
                    if (c.endsWith("; echo \"exit $?\"")) {
                        c = c.substring(0, c.length() - "; echo \"exit $?\"".length());
                        exit = -1;
                    }
                    command = c;
                    output = new StringBuilder();
                }
                continue;
            }
            if (command == null) {
                continue;
            }
            if (exit != null && exit == -1 && line.startsWith("exit ")) {
                exit = Integer.parseInt(line.substring(5));
            } else if (echo) {
                exit = Integer.parseInt(line);
                echo = false;
            } else {
                output.append(line).append('\n');
            }
        }
        return out;
    }
}
