package org.pvsim.dom0.scenario;

/**
 * A scenario that ships with pvsim.
 *
 * @param name its name, as {@code pvsim run NAME} takes it
 * @param description its one-line description (its {@code description:} key), or empty
 */
public record BuiltinScenario(String name, String description) {}
