package org.pvsim.guest.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One argument a workload takes: its name (the key on the kernel command line, {@code burst} in {@code burst=2ms}),
 * the value used when none is given, what it means, and what values it accepts.
 *
 * <p>Invariant: the name is a command-line key (lower-case letters, digits, {@code -} and {@code _}, starting with a
 * letter) and the default value is acceptable to the type.
 */
public record WorkloadArgument(String name, String defaultValue, String description, ArgumentType type) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    public WorkloadArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a workload argument name is lower-case letters, digits, - and _,"
                    + " starting with a letter; not \"" + name + "\"");
        }
        type.problem(defaultValue).ifPresent(p -> {
            throw new IllegalArgumentException("default of " + name + ": " + p);
        });
    }

    /** A duration argument ({@link ArgumentType.Duration}). */
    public static WorkloadArgument duration(
            String name, String defaultValue, long minNs, long maxNs, String description) {
        return new WorkloadArgument(name, defaultValue, description, new ArgumentType.Duration(minNs, maxNs));
    }

    /** A whole-number argument ({@link ArgumentType.Count}). */
    public static WorkloadArgument count(String name, String defaultValue, long min, long max, String description) {
        return new WorkloadArgument(name, defaultValue, description, new ArgumentType.Count(min, max));
    }

    /** An argument taking one of {@code values} ({@link ArgumentType.Choice}). */
    public static WorkloadArgument choice(String name, String defaultValue, String description, String... values) {
        return new WorkloadArgument(name, defaultValue, description, new ArgumentType.Choice(List.of(values)));
    }

    /** A MAC address argument ({@link ArgumentType.MacAddress}). */
    public static WorkloadArgument mac(String name, String defaultValue, String description) {
        return new WorkloadArgument(name, defaultValue, description, new ArgumentType.MacAddress());
    }

    /** One line of help: {@code "burst=2ms  CPU time per burst (a duration from 1us to 1s)"}. */
    public String help() {
        return name + "=" + defaultValue + "  " + description + " (" + type.describe() + ")";
    }
}
