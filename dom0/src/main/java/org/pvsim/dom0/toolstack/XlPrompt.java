package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Objects;

/**
 * dom0's shell prompt, for a user who types xl commands into a live host ({@code pvsim shell}, {@code pvsim xl}): a
 * place in the toolstack's queue that holds the command the user types there, or nothing yet.
 *
 * <p>Why it exists: dom0's toolstack sleeps when its queue is empty, and nothing outside the host may wake it without
 * changing what the journal records. So whoever drives the host queues a prompt ({@link Toolstack#xl}) for the time
 * the user is next expected to type, <em>before</em> letting dom0 run: dom0 arms its timer for that time, as it does
 * for any command queued for later. When the user types, the prompt is {@link #fill filled}; when dom0 reaches the
 * prompt it runs the command typed there, or, if there is none, tells the {@link Listener} (who may queue the next
 * prompt). A prompt runs at most one command, once.
 *
 * <p>Invariant: the command runs in dom0 through hypercalls, as any xl command does; the prompt only adds the
 * callback.
 */
public final class XlPrompt implements XlCommand, XlRunnable, XlSpawning {

    /** Told when dom0 reaches a prompt, in dom0's step (simulation code, not guest code: it must not fail). */
    @FunctionalInterface
    public interface Listener {
        /**
         * dom0 reached {@code prompt}, and ran its command if it had one.
         *
         * @param ranCommand whether a command was run (its outcome is the queued invocation's)
         */
        void reached(XlPrompt prompt, boolean ranCommand);
    }

    private final Listener listener;
    private XlCommand command;

    /** An empty prompt that tells {@code listener} when dom0 reaches it. */
    public XlPrompt(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Puts {@code typed} at this prompt.
     *
     * @throws IllegalStateException if a command is already there
     */
    public void fill(XlCommand typed) {
        if (command != null) {
            throw new IllegalStateException("a prompt takes one command; it holds " + command.argv());
        }
        command = Objects.requireNonNull(typed, "typed");
    }

    /** The command typed here, or {@code null}. */
    public XlCommand command() {
        return command;
    }

    @Override
    public String name() {
        return command == null ? "(prompt)" : command.name();
    }

    @Override
    public List<String> argv() {
        return command == null ? List.of("xl", "(prompt)") : command.argv();
    }

    @Override
    public int run(Libxl libxl) {
        if (command == null) {
            listener.reached(this, false);
            return 0;
        }
        int rc = runCommand(command, libxl);
        listener.reached(this, true);
        return rc;
    }

    /**
     * The prompt as a process, so that a typed command that waits across dom0 steps ({@code xl shutdown -w}) keeps the
     * prompt at the head of the queue until it answers; the listener hears of it then.
     */
    @Override
    public XlProcess spawn() {
        if (!(command instanceof XlSpawning spawning)) {
            return this::run;
        }
        XlProcess inner = spawning.spawn();
        return libxl -> {
            int rc = inner.step(libxl);
            if (rc != XlProcess.IN_PROGRESS) {
                listener.reached(this, true);
            }
            return rc;
        };
    }

    /** Runs any xl command as {@link Toolstack} does. */
    static int runCommand(XlCommand c, Libxl libxl) {
        if (c instanceof Dom0Fault f) {
            return libxl.lifecycle.inject(f);
        } else if (c instanceof XlCommand.SchedCredit s) {
            return new XlSched(libxl).credit(s);
        } else if (c instanceof XlCommand.SchedCredit2 s) {
            return new XlSched(libxl).credit2(s);
        } else if (c instanceof XlCommand.SchedRtds s) {
            return new XlSched(libxl).rtds(s);
        } else if (c instanceof XlCommand.VcpuList l) {
            return new XlVcpu(libxl).list(l);
        } else if (c instanceof XlCommand.VcpuPin p) {
            return new XlVcpu(libxl).pin(p);
        }
        return ((XlRunnable) c).run(libxl);
    }
}
