package org.pvsim.hypervisor.spi;

/**
 * A part of the hypervisor that lives in its own module and plugs into the core: event channels, grant tables. The
 * composition root creates each subsystem and the core calls {@link #install} once, before the first domain exists,
 * both when recording and when replaying, so a replayed host has the same subsystems as the recorded one.
 */
public interface Subsystem {
    /** A short name for messages ("event-channels"). */
    String name();

    /**
     * Registers the subsystem's hypercalls, hooks and services with {@code host}. Called once; the subsystem may keep
     * {@code host} for its lifetime.
     */
    void install(SubsystemHost host);
}
