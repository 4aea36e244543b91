package org.pvsim.guest.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A kind of workload a PV domain can run: its name (the value of {@code workload=} on the kernel command line), a
 * one-line description, the arguments it takes, and how to create it.
 *
 * <p>Arguments come as text, keyed by argument name. Validation happens at the boundary: {@link #problem(Map)} says
 * precisely what is wrong with a set of arguments, naming the workload, the argument and the rule; {@link
 * #create(Map)} accepts only arguments without a problem. Missing arguments take their default values.
 *
 * <p>Implement it directly, or use {@link #of} for a workload whose arguments need no check beyond each one's type.
 */
public interface WorkloadSpec {
    /** The workload's name: lower-case letters, digits, {@code -} and {@code _}. */
    String name();

    /** What it does, in one line. */
    String description();

    /** The arguments it takes, in the order help lists them. Names are unique. */
    List<WorkloadArgument> arguments();

    /**
     * Checks that need several arguments at once (for example "step must not exceed max"), given every argument
     * with defaults filled in and each already acceptable to its type.
     *
     * @return the problem, or empty
     */
    default Optional<String> checkTogether(Map<String, String> resolved) {
        return Optional.empty();
    }

    /**
     * Creates the workload from resolved arguments: every argument present and valid ({@link #create(Map)} resolves
     * and checks before calling this).
     */
    Workload instantiate(Map<String, String> resolved);

    /**
     * What is wrong with {@code args}, or empty if the workload can be created with them. Unknown argument names are
     * a problem here (a scenario file's typo); the kernel passes only known names.
     */
    default Optional<String> problem(Map<String, String> args) {
        for (String key : args.keySet().stream().sorted().toList()) {
            if (argument(key).isEmpty()) {
                return Optional.of(name() + " has no argument \"" + key + "\"; its arguments are "
                        + (arguments().isEmpty()
                                ? "none"
                                : arguments().stream()
                                        .map(WorkloadArgument::name)
                                        .collect(Collectors.joining(", "))));
            }
        }
        for (WorkloadArgument a : arguments()) {
            String value = args.get(a.name());
            if (value != null) {
                Optional<String> p = a.type().problem(value);
                if (p.isPresent()) {
                    return Optional.of(name() + ": " + a.name() + "=" + p.get());
                }
            }
        }
        return checkTogether(resolve(args)).map(p -> name() + ": " + p);
    }

    /**
     * Creates the workload.
     *
     * @param args argument values by name; missing ones take their defaults
     * @throws IllegalArgumentException with {@link #problem(Map)}'s message if the arguments have a problem
     */
    default Workload create(Map<String, String> args) {
        Optional<String> p = problem(args);
        if (p.isPresent()) {
            throw new IllegalArgumentException(p.get());
        }
        return instantiate(resolve(args));
    }

    /** The argument called {@code name}, if this workload takes one. */
    default Optional<WorkloadArgument> argument(String name) {
        return arguments().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * Every argument's value, in {@link #arguments()} order: the given one, or the default. Names the workload does
     * not take are dropped.
     */
    default Map<String, String> resolve(Map<String, String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (WorkloadArgument a : arguments()) {
            out.put(a.name(), args.getOrDefault(a.name(), a.defaultValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A spec whose arguments need no joint check. */
    static WorkloadSpec of(
            String name,
            String description,
            List<WorkloadArgument> arguments,
            Function<Map<String, String>, Workload> factory) {
        return of(name, description, arguments, resolved -> Optional.empty(), factory);
    }

    /**
     * A spec from its parts.
     *
     * @param together the joint check ({@link #checkTogether(Map)})
     * @param factory creates the workload from resolved arguments ({@link #instantiate(Map)})
     * @throws IllegalArgumentException for a malformed name or a repeated argument name
     */
    static WorkloadSpec of(
            String name,
            String description,
            List<WorkloadArgument> arguments,
            Function<Map<String, String>, Optional<String>> together,
            Function<Map<String, String>, Workload> factory) {
        return new Basic(name, description, List.copyOf(arguments), together, factory);
    }

    /** The spec {@link #of} builds. */
    record Basic(
            String name,
            String description,
            List<WorkloadArgument> arguments,
            Function<Map<String, String>, Optional<String>> together,
            Function<Map<String, String>, Workload> factory)
            implements WorkloadSpec {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

        public Basic {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(together, "together");
            Objects.requireNonNull(factory, "factory");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a workload name is lower-case letters, digits, - and _, starting"
                        + " with a letter; not \"" + name + "\"");
            }
            long distinct =
                    arguments.stream().map(WorkloadArgument::name).distinct().count();
            if (distinct != arguments.size()) {
                throw new IllegalArgumentException("workload " + name + " names an argument twice");
            }
        }

        @Override
        public Optional<String> checkTogether(Map<String, String> resolved) {
            return together.apply(resolved);
        }

        @Override
        public Workload instantiate(Map<String, String> resolved) {
            return factory.apply(resolved);
        }

        @Override
        public String toString() {
            return "WorkloadSpec[" + name + "]";
        }
    }
}
