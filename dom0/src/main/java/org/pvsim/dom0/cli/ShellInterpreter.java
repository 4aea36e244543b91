package org.pvsim.dom0.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pvsim.dom0.report.ConsoleFiles;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.report.StatsJson;
import org.pvsim.dom0.report.XlActionsLog;
import org.pvsim.dom0.run.LiveHost;
import org.pvsim.dom0.run.LiveOutcome;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ResolvedScenarioWriter;
import org.pvsim.dom0.scenario.ScenarioAction;
import org.pvsim.dom0.scenario.VirtualDuration;
import org.pvsim.dom0.toolstack.XlChunk;
import org.pvsim.dom0.toolstack.XlCommand;

/**
 * What {@code pvsim shell} does with each line: the shell's own commands ({@link #BUILTINS}), or an xl command (with
 * or without {@code xl} in front) typed in dom0 of the live host. A bad line prints {@code pvsim: MESSAGE} on stderr
 * and the session goes on. When the host fails, the session refuses host commands and {@link #exitStatus()} is 1.
 */
final class ShellInterpreter {
    /** The shell's own commands. */
    static final List<String> BUILTINS = List.of("advance", "time", "now", "save-run", "help", "exit", "quit");

    private final LiveHost host;
    private final ResolvedScenario scenario;
    private final Path runsFolder;
    private final PrintWriter out;
    private final PrintWriter err;
    private boolean hostFailed;
    private boolean finished;

    ShellInterpreter(LiveHost host, ResolvedScenario scenario, Path runsFolder, PrintWriter out, PrintWriter err) {
        this.host = host;
        this.scenario = scenario;
        this.runsFolder = runsFolder;
        this.out = out;
        this.err = err;
    }

    /** The prompt: the virtual time, in seconds with nine decimals. */
    String prompt() {
        return "pvsim " + XlActionsLog.seconds(host.nowNs()) + "s> ";
    }

    /** Whether {@code exit} or {@code quit} was given. */
    boolean finished() {
        return finished;
    }

    /** 0, or 1 if the host failed. */
    int exitStatus() {
        return hostFailed ? ExitStatus.FAILED : ExitStatus.OK;
    }

    /** Runs one line. */
    void execute(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return;
        }
        List<String> words;
        try {
            words = XlLineParsers.words(text);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        if (words.isEmpty()) {
            return;
        }
        String first = words.get(0);
        switch (first) {
            case "exit", "quit" -> finished = true;
            case "help" -> help();
            case "time", "now" -> noArguments(words, () -> printTime());
            case "advance" -> advance(words);
            case "save-run" -> saveRun(words);
            default -> xl(text, words);
        }
        out.flush();
        err.flush();
    }

    private void noArguments(List<String> words, Runnable action) {
        if (words.size() > 1) {
            error(words.get(0) + " takes no arguments");
            return;
        }
        action.run();
    }

    private void printTime() {
        out.println("virtual time: " + XlActionsLog.seconds(host.nowNs()) + " s");
    }

    private void advance(List<String> words) {
        if (words.size() != 2) {
            error("usage: advance DURATION (e.g. advance 2s, advance 500ms; units ns, us, ms, s)");
            return;
        }
        long ns;
        try {
            ns = VirtualDuration.parseNs(words.get(1));
        } catch (IllegalArgumentException e) {
            error("advance: " + e.getMessage());
            return;
        }
        if (!hostAlive()) {
            return;
        }
        try {
            show(host.advance(ns));
        } catch (RunFailedException e) {
            hostError(e);
        }
        warnings();
        printTime();
    }

    private void xl(String text, List<String> words) {
        if (words.size() == 1 && words.get(0).equals("xl")) {
            out.println("xl commands (type them with or without xl; COMMAND --help for its options):");
            out.print(XlLineParsers.summary());
            return;
        }
        String help = XlLineParsers.helpRequested(words);
        if (help != null) {
            out.print(help);
            return;
        }
        XlCommand command;
        try {
            command = XlLineParsers.parse(words);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        if (!hostAlive()) {
            return;
        }
        String line = ScenarioLine.of(words);
        try {
            show(host.xl(line, command));
        } catch (RunFailedException e) {
            hostError(e);
        }
        warnings();
    }

    /** Prints the commands' outputs; the scenario's actions and late commands get a header line. */
    private void show(List<LiveOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            LiveOutcome o = outcomes.get(i);
            boolean typedNow = i == outcomes.size() - 1 && !o.fromScenario();
            if (!typedNow) {
                out.println("[" + XlActionsLog.seconds(o.outcome().ranAtNs()) + "] # xl " + o.line()
                        + (o.fromScenario()
                                ? "    (scenario action)"
                                : "    (typed at " + XlActionsLog.seconds(o.typedAtNs()) + ")"));
            }
            out.flush();
            for (XlChunk chunk : o.outcome().transcript()) {
                PrintWriter stream = chunk.stderr() ? err : out;
                stream.print(chunk.text());
                stream.flush();
            }
        }
    }

    private void saveRun(List<String> words) {
        if (words.size() > 2) {
            error("usage: save-run [DIR]");
            return;
        }
        Path dir = words.size() == 2
                ? Path.of(words.get(1))
                : runsFolder.resolve(scenario.name() + "-shell-" + scenario.seed());
        if (!hostAlive()) {
            return;
        }
        try {
            RunFolder.prepare(dir);
        } catch (RunFolderException e) {
            error(e.getMessage());
            return;
        }
        List<ScenarioAction> actions = new ArrayList<>();
        for (LiveOutcome o : host.history()) {
            actions.add(new ScenarioAction(o.typedAtNs(), o.line(), XlLineParsers.parse(o.line())));
        }
        ResolvedScenario saved =
                scenario.withDurationNs(Math.max(1, host.nowNs())).withActions(actions);
        try {
            RunReport report = host.saveRun(dir).withWarningsFirst(scenario.warnings());
            ResolvedScenarioWriter.write(saved, dir.resolve(ResolvedScenarioWriter.FILE_NAME));
            StatsJson.write(report, dir.resolve(StatsJson.FILE_NAME));
            ConsoleFiles.write(report.consoles(), dir);
            if (!report.xlActions().isEmpty()) {
                XlActionsLog.write(report.xlActions(), dir.resolve(XlActionsLog.FILE_NAME));
            }
            for (String w : report.warnings()
                    .subList(scenario.warnings().size(), report.warnings().size())) {
                err.println("pvsim: warning: " + w);
            }
            out.println("Run folder: " + dir + " (" + report.journalRecords() + " journal records, "
                    + XlActionsLog.seconds(report.virtualNs()) + " s)");
        } catch (RunFailedException e) {
            error("save-run: " + e.getMessage());
        } catch (UncheckedIOException e) {
            error("save-run: " + e.getMessage());
        }
    }

    private void help() {
        out.print(String.format(
                Locale.ROOT,
                "pvsim shell: you are at dom0's prompt on a live simulated host (scenario %s, seed %d).%n"
                        + "Virtual time moves only when you ask: with advance, and by what dom0 needs to run an xl"
                        + " command%n(waking up, getting a pCPU, its hypercalls).%n"
                        + "%n"
                        + "  advance DURATION   run the host for DURATION of virtual time (units ns, us, ms, s),"
                        + " then print the time%n"
                        + "  time, now          print the virtual time%n"
                        + "  save-run [DIR]     write a run folder of the session so far (default %s)%n"
                        + "  help               this text%n"
                        + "  exit, quit         end the session (so does end of input)%n"
                        + "  [xl] COMMAND ...   an xl command, run by dom0's toolstack now; xl COMMAND --help for"
                        + " its options%n"
                        + "%n",
                scenario.name(),
                scenario.seed(),
                runsFolder.resolve(scenario.name() + "-shell-" + scenario.seed())));
        out.println("xl commands:");
        out.print(XlLineParsers.summary());
    }

    private boolean hostAlive() {
        if (host.failed()) {
            error("the host has failed; only help, time, exit work now");
            return false;
        }
        return true;
    }

    private void hostError(RunFailedException e) {
        if (host.failed()) {
            hostFailed = true;
            err.println("pvsim: host failed: " + e.getMessage());
        } else {
            err.println("pvsim: " + e.getMessage());
        }
    }

    private void warnings() {
        for (String w : host.takeWarnings()) {
            err.println("pvsim: warning: " + w);
        }
        err.flush();
    }

    private void error(String message) {
        err.println("pvsim: " + message);
        err.flush();
    }

    /** The text a command is recorded with: the words without {@code xl}, quoted where needed. */
    static final class ScenarioLine {
        private ScenarioLine() {}

        static String of(List<String> words) {
            List<String> args = !words.isEmpty() && words.get(0).equals("xl") ? words.subList(1, words.size()) : words;
            List<String> quoted = new ArrayList<>();
            for (String w : args) {
                quoted.add(
                        w.isEmpty() || !w.matches("[A-Za-z0-9_./:=,+@%-]+") ? "'" + w.replace("'", "'\\''") + "'" : w);
            }
            return String.join(" ", quoted);
        }
    }
}
