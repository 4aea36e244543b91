package org.pvsim.hypervisor.time;

/**
 * A timer that an {@link EventEngine} fires at a virtual time, like Xen's {@code struct timer}: owned by whoever
 * uses it, set and stopped many times, so arming one allocates nothing.
 */
public final class Timer {
    /** What a timer does when it fires. */
    @FunctionalInterface
    public interface Action {
        /** Called at the timer's expiry; {@code now} is that time. */
        void fire(long now);
    }

    final Action action;
    final String name;
    long expires;
    long sequence;
    int heapIndex = -1;
    /** The journal identity of a hypervisor timer ({@link HypervisorTimers}); 0 for others. */
    long identity;

    /** A timer that runs {@code action} when it fires; {@code name} appears in diagnostics. */
    public Timer(String name, Action action) {
        this.name = name;
        this.action = action;
    }

    /** Whether the timer is armed. */
    public boolean isActive() {
        return heapIndex >= 0;
    }

    /** The time the timer fires at, if active. */
    public long expires() {
        return expires;
    }

    @Override
    public String toString() {
        return name + (isActive() ? "@" + expires : "(stopped)");
    }
}
