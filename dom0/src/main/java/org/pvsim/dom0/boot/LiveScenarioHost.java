package org.pvsim.dom0.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.report.XlActionResult;
import org.pvsim.dom0.run.LiveHost;
import org.pvsim.dom0.run.LiveOutcome;
import org.pvsim.dom0.run.RunFailedException;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.dom0.run.XlOutcome;
import org.pvsim.dom0.run.XlRunner;
import org.pvsim.dom0.scenario.DomainSpec;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioAction;
import org.pvsim.dom0.toolstack.Toolstack;
import org.pvsim.dom0.toolstack.XlChunk;
import org.pvsim.dom0.toolstack.XlCommand;
import org.pvsim.dom0.toolstack.XlPrompt;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.Journal;

/**
 * A scenario's host kept alive between commands ({@code pvsim shell}, {@code pvsim xl}): booted as {@link
 * ScenarioSimulation} boots it, then run piecewise.
 *
 * <p>How a command reaches dom0 without anything outside the host touching it (which the journal could not replay):
 * before the host runs towards a time S at which the user may type, an empty {@link XlPrompt} is queued on dom0's
 * toolstack for S, so dom0 arms its timer for S as for any command queued for later; the host runs up to just before
 * S and its clock is set to S ({@code advance}). A command typed then fills that prompt, and the host runs until dom0
 * has run it (the prompt's listener stops the event loop right after that step) or {@link XlRunner#MAX_WAIT_NS} has
 * passed. A command typed right after another goes into a new prompt due at once, which dom0 takes at its next step.
 * If the user advances again instead, dom0 wakes at S, finds the prompt empty and re-queues it for the new time: one
 * short dom0 wake-up per abandoned prompt, the only trace the session's pauses leave in the run.
 *
 * <p>Stopping and resuming the event loop changes nothing in the simulation (no timer is added, moved or dropped), so
 * the same sequence of calls gives the same host: {@link #saveRun} relies on it, repeating the session on a fresh
 * host that records a Chronicle journal, and checks that the repeat ends where the session is.
 */
public final class LiveScenarioHost implements LiveHost {

    /** An operation of the session, kept so that {@link #saveRun} can repeat it. */
    private sealed interface Op {}

    private record Advance(long ns) implements Op {}

    private record Xl(String line, XlCommand command) implements Op {}

    /** A command given to dom0 and not yet reported. */
    private record Typed(long typedAtNs, String line, boolean fromScenario, Toolstack.XlInvocation invocation) {}

    /** The prompt dom0 has not reached yet, and its place in the toolstack's queue. */
    private record Pending(XlPrompt prompt, Toolstack.XlInvocation invocation) {}

    private final ResolvedScenario scenario;
    private final Hypervisor hv;
    private final Toolstack toolstack = new Toolstack();
    private final List<Op> ops = new ArrayList<>();
    private final List<Typed> outstanding = new ArrayList<>();
    private final List<LiveOutcome> history = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final XlPrompt.Listener listener = this::reached;
    private long now;
    private long target;
    private boolean stop;
    private Pending pending;
    private XlPrompt awaited;
    private int nextAction;
    private int creationsSeen;
    private String failure;

    private LiveScenarioHost(ResolvedScenario scenario, Journal journal) throws RunFailedException {
        this.scenario = scenario;
        try {
            hv = HostBoot.boot(ScenarioSimulation.bootParameters(scenario), journal, HostSubsystems.standard());
            for (DomainSpec d : scenario.domains()) {
                toolstack.create(ScenarioSimulation.buildSpec(d, scenario.seed()));
            }
            new GuestExecution(hv, GuestKernels.loader(toolstack), ExecutionCosts.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new RunFailedException("the host cannot boot: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new RunFailedException("the simulation failed inside pvsim: " + e, e);
        }
    }

    /**
     * Boots {@code scenario}'s host at virtual time 0, recording to {@code journal} ({@link Journal#OFF} for none).
     *
     * @throws RunFailedException if the host cannot boot
     */
    public static LiveScenarioHost start(ResolvedScenario scenario, Journal journal) throws RunFailedException {
        return new LiveScenarioHost(scenario, journal);
    }

    @Override
    public long nowNs() {
        return now;
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public List<LiveOutcome> advance(long ns) throws RunFailedException {
        if (ns <= 0) {
            throw new IllegalArgumentException("advance needs a time of more than 0: " + ns);
        }
        checkAlive();
        ops.add(new Advance(ns));
        long end = now + ns;
        List<ScenarioAction> actions = scenario.actions();
        while (nextAction < actions.size() && actions.get(nextAction).atNs() <= end) {
            ScenarioAction a = actions.get(nextAction++);
            advanceTo(a.atNs());
            type(a.xl(), a.command(), true);
        }
        advanceTo(end);
        return report();
    }

    @Override
    public List<LiveOutcome> xl(String line, XlCommand command) throws RunFailedException {
        checkAlive();
        ops.add(new Xl(line, command));
        type(line, command, false);
        return report();
    }

    @Override
    public List<String> takeWarnings() {
        List<String> taken = List.copyOf(warnings);
        warnings.clear();
        return taken;
    }

    @Override
    public List<LiveOutcome> history() {
        return List.copyOf(history);
    }

    /** The creations that failed so far, as {@code xl create NAME: ERROR}. */
    List<String> creationFailures() {
        List<String> failures = new ArrayList<>();
        for (Toolstack.Creation c : toolstack.creations()) {
            if (c.error() != null) {
                failures.add("xl create " + c.spec().name() + ": " + c.error());
            }
        }
        return failures;
    }

    /** The scheduling keys the scheduler ignored at creation. */
    List<String> creationWarnings() {
        List<String> all = new ArrayList<>();
        toolstack.creations().forEach(c -> all.addAll(c.warnings()));
        return all;
    }

    @Override
    public RunReport saveRun(Path runDir) throws RunFailedException {
        if (now == 0) {
            throw new RunFailedException("nothing has run yet (virtual time is 0): advance or run a command first");
        }
        long wallStart = System.nanoTime();
        ChronicleJournal journal;
        try {
            journal = ChronicleJournal.create(runDir.resolve(RunOptions.JOURNAL_DIR));
        } catch (IOException | RuntimeException e) {
            throw new RunFailedException("cannot create the journal in " + runDir + ": " + e.getMessage(), e);
        }
        LiveScenarioHost copy;
        long copyHypercalls;
        try {
            copy = new LiveScenarioHost(scenario, journal);
            for (Op op : ops) {
                try {
                    if (op instanceof Advance a) {
                        copy.advance(a.ns());
                    } else if (op instanceof Xl x) {
                        copy.xl(x.line(), x.command());
                    }
                } catch (RunFailedException e) {
                    if (copy.failed()) {
                        throw e;
                    }
                    // a command dom0 did not run in time: the session saw the same
                }
            }
            copyHypercalls = copy.hv.hypercallsServed();
            // the session's clock is past the engine's after a command (its CPU time in dom0): the run ends there
            if (copy.hv.now() < now && copy.runTo(now - 1)) {
                copy.hv.engine().advanceTo(now);
            }
        } finally {
            journal.close();
        }
        List<String> runWarnings = new ArrayList<>(copy.creationWarnings());
        if (copy.now != now || copyHypercalls != hv.hypercallsServed()) {
            runWarnings.add("the saved run does not end where the session is (" + copy.now + " ns and "
                    + copyHypercalls + " hypercalls, against " + now + " ns and " + hv.hypercallsServed()
                    + "): a determinism bug in pvsim");
        }
        List<XlActionResult> results = new ArrayList<>();
        for (LiveOutcome o : copy.history) {
            results.add(result(o));
        }
        for (Typed t : copy.outstanding) {
            results.add(new XlActionResult(t.typedAtNs(), t.line(), -1, -1, ""));
        }
        return RunReports.build(
                        scenario.withDurationNs(now),
                        copy.hv,
                        copy.toolstack,
                        journal.records(),
                        journal.sha256Hex(),
                        System.nanoTime() - wallStart,
                        runWarnings)
                .withXlActions(results);
    }

    /** The report line of one command. */
    static XlActionResult result(LiveOutcome o) {
        StringBuilder output = new StringBuilder();
        for (XlChunk chunk : o.outcome().transcript()) {
            output.append(chunk.text());
        }
        return new XlActionResult(
                o.typedAtNs(), o.line(), o.outcome().ranAtNs(), o.outcome().exitCode(), output.toString());
    }

    @Override
    public void close() {
        // nothing is held outside the heap: the journal, if any, belongs to the caller
    }

    // ---- the prompt mechanism ----

    /** Runs the host up to just before {@code time} and sets the clock to it; a no-op if it has passed. */
    private void advanceTo(long time) throws RunFailedException {
        if (time <= now) {
            return;
        }
        target = time;
        if (pending == null) {
            queuePrompt(time);
        }
        if (runTo(time - 1)) {
            hv.engine().advanceTo(time);
        }
        now = time;
    }

    /** Gives {@code command} to dom0 now and runs the host until dom0 has run it. */
    private void type(String line, XlCommand command, boolean fromScenario) throws RunFailedException {
        XlPrompt prompt;
        Toolstack.XlInvocation invocation;
        if (pending != null && pending.prompt().command() == null) {
            prompt = pending.prompt();
            invocation = pending.invocation();
            prompt.fill(command);
        } else {
            prompt = new XlPrompt(listener);
            prompt.fill(command);
            invocation = toolstack.xl(prompt, now);
            pending = new Pending(prompt, invocation);
        }
        outstanding.add(new Typed(now, line, fromScenario, invocation));
        long typedAt = now;
        long deadline = typedAt + XlRunner.MAX_WAIT_NS;
        awaited = prompt;
        try {
            runTo(deadline);
        } finally {
            awaited = null;
        }
        // the command's step began at hv.now() and ended at doneAtNs (dom0's clock after its hypercalls): the user
        // sees xl's output when xl has finished
        now = Math.max(now, invocation.isDone() ? Math.max(hv.now(), invocation.doneAtNs()) : deadline);
        if (!invocation.isDone()) {
            String why = hv.isHalted()
                    ? "the host halted at " + hv.now() + " ns (dom0 shut down)"
                    : "dom0's vCPU 0 did not get to run it by " + deadline + " ns";
            throw new RunFailedException("dom0 did not run `" + String.join(" ", command.argv())
                    + "` within 1 s of virtual time after " + typedAt + " ns: " + why);
        }
    }

    private void queuePrompt(long at) {
        XlPrompt prompt = new XlPrompt(listener);
        pending = new Pending(prompt, toolstack.xl(prompt, at));
    }

    /** dom0 reached a prompt: runs in dom0's step. */
    private void reached(XlPrompt prompt, boolean ranCommand) {
        if (pending == null || pending.prompt() != prompt) {
            return; // a command that was late: reported when the session next looks
        }
        pending = null;
        if (ranCommand && prompt == awaited) {
            stop = true; // the command typed now ran: back to the user
        } else if (target > hv.now()) {
            queuePrompt(target); // the host is advancing: wait for the user at its end
        } else {
            stop = true; // the prompt was reached at or after the time it stood for: back to the user
        }
    }

    /**
     * Runs the event loop until {@code until} or a prompt's stop; returns whether it reached {@code until}.
     *
     * @throws RunFailedException if the host fails
     */
    private boolean runTo(long until) throws RunFailedException {
        stop = false;
        boolean reached;
        try {
            reached = hv.engine().runUntil(until, () -> stop || hv.isHalted());
        } catch (RuntimeException | StackOverflowError e) {
            throw fail("the simulation failed inside pvsim: " + e, e);
        } finally {
            stop = false;
        }
        if (!hv.bugs().isEmpty()) {
            throw fail("hypervisor bug: " + String.join("; ", hv.bugs()), null);
        }
        List<Toolstack.Creation> creations = toolstack.creations();
        while (creationsSeen < creations.size() && creations.get(creationsSeen).isDone()) {
            Toolstack.Creation c = creations.get(creationsSeen++);
            if (c.error() != null) {
                warnings.add("xl create " + c.spec().name() + ": " + c.error());
            }
            warnings.addAll(c.warnings());
        }
        if (hv.isHalted()) {
            throw fail("dom0 shut down at " + hv.now() + " ns, which halts the host", null);
        }
        return reached;
    }

    /** The commands dom0 has run since the last report, in the order typed. */
    private List<LiveOutcome> report() {
        List<LiveOutcome> done = new ArrayList<>();
        while (!outstanding.isEmpty() && outstanding.get(0).invocation().isDone()) {
            Typed t = outstanding.remove(0);
            Toolstack.XlInvocation x = t.invocation();
            XlOutcome outcome = new XlOutcome(x.exitCode(), x.out(), x.err(), x.doneAtNs(), x.transcript());
            LiveOutcome o = new LiveOutcome(t.typedAtNs(), t.line(), t.fromScenario(), outcome);
            done.add(o);
            history.add(o);
        }
        return done;
    }

    private void checkAlive() throws RunFailedException {
        if (failure != null) {
            throw new RunFailedException("the host has failed: " + failure);
        }
    }

    private RunFailedException fail(String message, Throwable cause) {
        failure = message;
        return cause == null ? new RunFailedException(message) : new RunFailedException(message, cause);
    }
}
