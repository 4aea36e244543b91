package org.pvsim.hypervisor.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hypervisor's boot command line: {@code name=value} options separated by spaces, as Xen's
 * ({@code docs/misc/xen-command-line.pandoc}). pvsim reads the scheduling options ({@code sched_ratelimit_us},
 * {@code sched_credit_tslice_ms}, {@code credit2_runqueue}, ...); each reader names the option it wants, its default
 * and its legal range, so a bad value is refused with the option's name and the rule it breaks.
 *
 * <p>Invariant: immutable; the options are kept in name order, so nothing depends on hash order.
 */
public final class XenCommandLine {
    /** The empty command line: every option at its default. */
    public static final XenCommandLine EMPTY = new XenCommandLine("");

    private final String text;
    private final Map<String, String> options = new TreeMap<>();

    private XenCommandLine(String text) {
        this.text = text;
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "Xen command line option \"" + word + "\" is not of the form name=value");
            }
            options.put(word.substring(0, eq), word.substring(eq + 1));
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException for a word that is not {@code name=value}
     */
    public static XenCommandLine parse(String text) {
        return text == null || text.isBlank() ? EMPTY : new XenCommandLine(text);
    }

    /** The text it was parsed from. */
    public String text() {
        return text;
    }

    /** The option names given, in order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(options.keySet()));
    }

    /** Whether {@code name} was given. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /**
     * The integer option {@code name}, or {@code def} when absent.
     *
     * @throws IllegalArgumentException if it is not an integer in {@code min..max}
     */
    public long integer(String name, long def, long min, long max) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Xen option " + name + "=" + v + ": not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    "Xen option " + name + "=" + v + ": must be between " + min + " and " + max);
        }
        return n;
    }

    /**
     * The option {@code name}, one of {@code allowed}, or {@code def} when absent.
     *
     * @throws IllegalArgumentException for another value
     */
    public String choice(String name, String def, String... allowed) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                "Xen option " + name + "=" + v + ": must be one of " + String.join(", ", allowed));
    }

    @Override
    public String toString() {
        return text;
    }
}
