package org.pvsim.dom0.scenario;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as scenarios write them: a number (decimals allowed) with a binary unit {@code KiB}, {@code MiB},
 * {@code GiB} or {@code TiB} ({@code 4GiB}, {@code 1.5GiB}, {@code 512 MiB}), or a plain whole number of MiB. The
 * result is a whole number of KiB.
 */
public final class MemorySize {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(KiB|MiB|GiB|TiB)");

    private static final String[] UNITS = {"TiB", "GiB", "MiB", "KiB"};
    private static final long[] UNIT_KIB = {1L << 30, 1L << 20, 1L << 10, 1L};

    private MemorySize() {}

    /**
     * The number of KiB {@code text} (a size with a unit) means.
     *
     * @throws IllegalArgumentException with a message for the user (without location) if it is not a valid size
     */
    public static long parseKib(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text
                    + "\" is not a memory size (use KiB, MiB, GiB or TiB, e.g. 512MiB, or a whole number of MiB)");
        }
        BigDecimal kib = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitKib(m.group(2))));
        if (kib.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a whole number of KiB");
        }
        if (kib.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1024)) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is too large");
        }
        return kib.longValueExact();
    }

    /** A plain number of MiB in KiB. */
    public static long mibToKib(long mib) {
        if (mib < 0 || mib > Long.MAX_VALUE / (1L << 20)) {
            throw new IllegalArgumentException(mib + " MiB is out of range");
        }
        return mib * 1024;
    }

    /** {@code kib} in the largest unit that holds it exactly, e.g. {@code 4GiB}, {@code 1536MiB}, {@code 12KiB}. */
    public static String format(long kib) {
        for (int i = 0; i < UNITS.length; i++) {
            if (kib != 0 && kib % UNIT_KIB[i] == 0) {
                return kib / UNIT_KIB[i] + UNITS[i];
            }
        }
        return kib + "KiB";
    }

    private static long unitKib(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return UNIT_KIB[i];
            }
        }
        throw new IllegalArgumentException(unit);
    }
}
