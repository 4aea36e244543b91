package org.pvsim.dom0.scenario;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations of virtual time as scenarios and the command line write them: a number (decimals allowed) and a unit,
 * {@code ns}, {@code us}, {@code ms} or {@code s}, optionally separated by blanks: {@code 5s}, {@code 2.5ms},
 * {@code 100 us}. The result must be a whole number of nanoseconds, more than 0, and fit in a {@code long}.
 */
public final class VirtualDuration {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|ms|s)");

    private static final String[] UNITS = {"s", "ms", "us", "ns"};
    private static final long[] UNIT_NS = {1_000_000_000L, 1_000_000L, 1_000L, 1L};

    private VirtualDuration() {}

    /**
     * The number of nanoseconds {@code text} means.
     *
     * @throws IllegalArgumentException with a message for the user (without location) if it is not a valid duration
     */
    public static long parseNs(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration (use ns, us, ms or s, e.g. 5s)");
        }
        BigDecimal ns = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNs(m.group(2))));
        if (ns.signum() <= 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not more than 0");
        }
        if (ns.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a whole number of nanoseconds");
        }
        if (ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is too long (at most 9223372036s)");
        }
        return ns.longValueExact();
    }

    /** {@code ns} in the largest unit that holds it exactly, e.g. {@code 5s}, {@code 2500ms}, {@code 7ns}. */
    public static String format(long ns) {
        for (int i = 0; i < UNITS.length; i++) {
            if (ns % UNIT_NS[i] == 0) {
                return ns / UNIT_NS[i] + UNITS[i];
            }
        }
        throw new AssertionError("1 ns divides everything");
    }

    private static long unitNs(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return UNIT_NS[i];
            }
        }
        throw new IllegalArgumentException(unit);
    }
}
