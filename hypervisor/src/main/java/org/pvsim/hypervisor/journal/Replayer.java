package org.pvsim.hypervisor.journal;

import java.nio.file.Path;
import org.pvsim.hypervisor.abi.Errno;

/**
 * Replays a journal against a fresh hypervisor and reports the first divergence.
 *
 * <p>From the BOOT record it boots a target through {@link ReplayTarget.Factory#boot}, handing it a {@link
 * ReplayingJournal}; the target reports its own boot and whatever lifecycle steps booting produces. Then, for each
 * following input record (HYPERCALL, GUEST_WRITE, GUEST_FAULT, SCHEDULE, TIMER, UPCALL, PORT_IO), in order, it calls the matching {@link
 * ReplayTarget} method with the recorded inputs; the target reports what it does, and the replaying journal matches
 * each reported record with the next recorded one. Replay ends at END.
 *
 * <p>A divergence is the first of: a reported record whose bytes differ from the recorded one (including a record the
 * recording does not have there); a recorded output the target did not reproduce; an input the target did not report;
 * a hypercall begun and not ended; a hypercall result returned that differs from the recorded one; or an exception the
 * target threw while applying a record. None of these escapes as an exception: each becomes a {@link
 * ReplayResult.Diverged} at the record being applied. A journal that cannot be read becomes {@link
 * ReplayResult.Unreadable}. Replay stops at the first problem.
 */
public final class Replayer {
    private final RecordCursor recorded;
    private final ReplayingJournal journal;

    private Replayer(JournalReader reader) {
        this.recorded = new RecordCursor(reader);
        this.journal = new ReplayingJournal(recorded);
    }

    /** Replays the journal in {@code journalDir} against targets booted by {@code factory}. Never throws. */
    public static ReplayResult replay(Path journalDir, ReplayTarget.Factory factory) {
        try (JournalReader reader = JournalReader.open(journalDir)) {
            return new Replayer(reader).run(factory);
        } catch (JournalFormatException e) {
            return new ReplayResult.Unreadable(0, e.getMessage(), e.recordIndex());
        }
    }

    private ReplayResult run(ReplayTarget.Factory factory) {
        try {
            JournalRecord.Boot boot = (JournalRecord.Boot) recorded.peek(); // the reader checked it is BOOT
            ReplayTarget target = null;
            Throwable thrown = null;
            try {
                target = factory.boot(boot.params(), journal);
            } catch (Exception | AssertionError | StackOverflowError e) {
                thrown = e;
            }
            ReplayResult problem = check(0, boot, thrown, false, 0);
            if (problem != null) {
                return problem;
            }
            if (target == null) {
                return diverged(Divergence.at(0, boot, "the replay target factory returned no target"));
            }
            while (true) {
                long index = recorded.position();
                JournalRecord next = recorded.peek();
                if (next instanceof JournalRecord.End) {
                    return new ReplayResult.Replayed(journal.matched());
                }
                if (!next.kind().isInput()) {
                    return diverged(Divergence.at(
                            index,
                            next,
                            "the recorded " + JournalPrinter.describe(next)
                                    + " was not reproduced: the replayed hypervisor did not report it"));
                }
                long returned = 0;
                thrown = null;
                try {
                    returned = apply(target, next);
                } catch (Exception | AssertionError | StackOverflowError e) {
                    thrown = e;
                }
                problem = check(index, next, thrown, next instanceof JournalRecord.Hypercall, returned);
                if (problem != null) {
                    return problem;
                }
            }
        } catch (JournalFormatException e) {
            return unreadable(e);
        }
    }

    /** Whatever went wrong while the target applied recorded record {@code index}, or {@code null}. */
    private ReplayResult check(
            long index, JournalRecord applied, Throwable thrown, boolean isHypercall, long returned) {
        if (journal.journalError() != null) {
            return unreadable(journal.journalError());
        }
        if (journal.divergence() != null) {
            return diverged(journal.divergence());
        }
        if (thrown != null) {
            return diverged(Divergence.at(index, applied, "the replayed hypervisor threw " + describe(thrown)));
        }
        if (journal.inputInProgress()) {
            return diverged(Divergence.at(
                    index,
                    applied,
                    "the replayed hypervisor began an input (a hypercall, a scheduling decision"
                            + " or a timer) and did not end it"));
        }
        if (recorded.position() == index) {
            return diverged(Divergence.at(
                    index,
                    applied,
                    "the replayed hypervisor did not report this " + (index == 0 ? "boot" : "input")
                            + " to its journal"));
        }
        if (isHypercall) {
            long recordedResult = ((JournalRecord.Hypercall) applied).result();
            if (returned != recordedResult) {
                return diverged(Divergence.at(
                        index,
                        applied,
                        "result returned to the guest: expected " + Errno.describe(recordedResult) + ", actual "
                                + Errno.describe(returned) + " (the journalled result matched)"));
            }
        }
        return null;
    }

    private static long apply(ReplayTarget target, JournalRecord r) {
        if (r instanceof JournalRecord.Hypercall h) {
            return target.hypercall(h.domid(), h.vcpu(), h.time(), h.op(), h.a1(), h.a2(), h.a3(), h.a4(), h.a5());
        } else if (r instanceof JournalRecord.GuestWrite w) {
            target.guestWrite(w.domid(), w.vcpu(), w.time(), w.va(), w.bytes(), 0, w.bytes().length);
        } else if (r instanceof JournalRecord.GuestFault f) {
            target.guestFault(f.domid(), f.vcpu(), f.time(), f.faultKind(), f.va(), f.errorCode());
        } else if (r instanceof JournalRecord.Schedule s) {
            target.schedule(s.pcpu(), s.time());
        } else if (r instanceof JournalRecord.TimerFired t) {
            target.timer(t.time(), t.timerClass(), t.domid(), t.vcpu(), t.index());
        } else if (r instanceof JournalRecord.PortIo p) {
            target.portIo(p.domid(), p.vcpu(), p.time(), p.port(), p.size(), p.write(), p.value());
        } else if (r instanceof JournalRecord.Upcall u) {
            target.upcall(u.domid(), u.vcpu(), u.time(), u.rip());
        } else {
            throw new IllegalArgumentException(r.kind() + " is not an input record");
        }
        return 0;
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            s.append(": ").append(t.getMessage());
        }
        StackTraceElement[] trace = t.getStackTrace();
        if (trace.length > 0) {
            s.append(" (at ").append(trace[0]).append(')');
        }
        return s.toString();
    }

    /** Every record before the divergence matched (replay stops at the first), so that many were replayed. */
    private static ReplayResult diverged(Divergence d) {
        return new ReplayResult.Diverged(d.index(), d);
    }

    private ReplayResult unreadable(JournalFormatException e) {
        return new ReplayResult.Unreadable(journal.matched(), e.getMessage(), e.recordIndex());
    }
}
