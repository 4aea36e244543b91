package org.pvsim.hypervisor.time;

import java.util.Arrays;

/**
 * The discrete-event engine and the one virtual clock of a run. Timers fire in order of expiry time, and timers with
 * the same expiry in the order they were set (a sequence number breaks the tie), so a run is a function of its
 * inputs alone. Time is in nanoseconds since boot and never goes backwards.
 *
 * <p>Not thread-safe: one engine drives one simulated host.
 */
public final class EventEngine {
    private Timer[] heap = new Timer[64];
    private int size;
    private long now;
    private long nextSequence;
    private long fired;

    /** The current virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Timers fired so far. */
    public long firedCount() {
        return fired;
    }

    /** Arms (or re-arms) {@code t} to fire at {@code expires}; a time in the past fires at the current time. */
    public void set(Timer t, long expires) {
        if (t.isActive()) {
            remove(t);
        }
        t.expires = Math.max(expires, now);
        t.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.heapIndex = size;
        size++;
        siftUp(t.heapIndex);
    }

    /** Disarms {@code t}; nothing happens if it is not armed. */
    public void stop(Timer t) {
        if (t.isActive()) {
            remove(t);
        }
    }

    /** The expiry of the earliest armed timer, or {@link Long#MAX_VALUE} if none is armed. */
    public long nextExpiry() {
        return size == 0 ? Long.MAX_VALUE : heap[0].expires;
    }

    /**
     * Fires timers in order until none is left at or before {@code until}, then sets the clock to {@code until}.
     * Actions may arm more timers, including ones at the current time.
     *
     * @return whether the clock reached {@code until} (false if {@code stop} said to stop early)
     */
    public boolean runUntil(long until, java.util.function.BooleanSupplier stop) {
        while (size > 0 && heap[0].expires <= until) {
            if (stop.getAsBoolean()) {
                return false;
            }
            Timer t = heap[0];
            remove(t);
            now = t.expires;
            fired++;
            t.action.fire(now);
        }
        if (stop.getAsBoolean()) {
            return false;
        }
        now = Math.max(now, until);
        return true;
    }

    /** Sets the clock without firing anything: used by replay, which takes its times from the journal. */
    public void advanceTo(long time) {
        if (time < now) {
            throw new IllegalArgumentException("virtual time cannot go back from " + now + " to " + time);
        }
        now = time;
    }

    private boolean before(Timer a, Timer b) {
        return a.expires < b.expires || (a.expires == b.expires && a.sequence < b.sequence);
    }

    private void remove(Timer t) {
        int i = t.heapIndex;
        size--;
        Timer last = heap[size];
        heap[size] = null;
        t.heapIndex = -1;
        if (i != size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
    }

    private void siftUp(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
