package org.pvsim.hypervisor.time;

import java.util.HashMap;
import java.util.Map;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.TimerClass;

/**
 * The hypervisor's own timers (vCPU timers, watchdogs, the scheduler's), as opposed to the execution engine's pCPU
 * timers. Each has an identity — {@link TimerClass}, owner domain and vCPU, index — that is the same in every run of a
 * scenario, and each expiry is an input: journalled as a TIMER record before the timer's action runs, so the action's
 * consequences follow it. Replay does not let the engine fire these timers; it fires each one when the journal says
 * it fired ({@link #fireRecorded}), after checking that it was armed for exactly that time.
 *
 * <p>Invariant: at most one live timer per identity. Creating a timer allocates; setting, stopping and firing one
 * allocates nothing.
 */
public final class HypervisorTimers {
    private final EventEngine engine;
    private final Journal journal;
    /** Identity to timer: looked up by replay only, never iterated. */
    private final Map<Long, Timer> byIdentity = new HashMap<>();

    public HypervisorTimers(EventEngine engine, Journal journal) {
        this.engine = engine;
        this.journal = journal;
    }

    private static long identity(TimerClass cls, int domid, int vcpu, int index) {
        return ((long) cls.code << 56)
                | ((long) (domid & 0xFFFF) << 40)
                | ((long) (vcpu & 0xFFFF) << 24)
                | (index & 0xFFFFFFL);
    }

    /**
     * A new timer ({@code init_timer}) that runs {@code action} when it fires, journalled under this identity.
     * {@code domid} and {@code vcpu} are -1 when the timer has no owner; {@code index} is 0..0xFFFFFF.
     *
     * @throws IllegalStateException if a live timer has the same identity
     */
    public Timer create(TimerClass cls, int domid, int vcpu, int index, String name, Timer.Action action) {
        if (index < 0 || index > 0xFFFFFF) {
            throw new IllegalArgumentException("a timer index is 0..0xFFFFFF, was " + index);
        }
        long id = identity(cls, domid, vcpu, index);
        if (byIdentity.containsKey(id)) {
            throw new IllegalStateException("a " + cls + " timer for d" + domid + "v" + vcpu + " index " + index
                    + " already exists: " + byIdentity.get(id));
        }
        Timer t = new Timer(name, now -> {
            journal.timerBegin(now, cls.code, domid, vcpu, index);
            try {
                action.fire(now);
            } finally {
                journal.timerEnd();
            }
        });
        t.identity = id;
        byIdentity.put(id, t);
        return t;
    }

    /** Arms {@code t} for {@code expires} ({@code set_timer}); a past time fires at the current time. */
    public void set(Timer t, long expires) {
        engine.set(t, expires);
    }

    /** Disarms {@code t} ({@code stop_timer}). */
    public void stop(Timer t) {
        engine.stop(t);
    }

    /** Disarms and forgets {@code t} ({@code kill_timer}); its identity may be reused. Nothing if {@code null}. */
    public void kill(Timer t) {
        if (t == null) {
            return;
        }
        engine.stop(t);
        byIdentity.remove(t.identity, t);
    }

    /**
     * Replay: fires the timer a TIMER record names, at {@code time}.
     *
     * @throws IllegalStateException if there is no such timer, or it is not armed for {@code time} (the replayed
     *     hypervisor has diverged)
     */
    public void fireRecorded(long time, int classCode, int domid, int vcpu, int index) {
        TimerClass cls = TimerClass.ofCode(classCode);
        if (cls == null) {
            throw new IllegalStateException("the journal fires a timer of unknown class " + classCode);
        }
        Timer t = byIdentity.get(identity(cls, domid, vcpu, index));
        String what = cls + " timer of d" + domid + "v" + vcpu + " index " + index;
        if (t == null) {
            throw new IllegalStateException("the journal fires the " + what + " at " + time + ", which does not exist");
        }
        if (!t.isActive() || t.expires() != time) {
            throw new IllegalStateException("the journal fires the " + what + " at " + time + ", but it is "
                    + (t.isActive() ? "armed for " + t.expires() : "not armed"));
        }
        engine.stop(t);
        t.action.fire(time);
    }
}
