package org.pvsim.dom0.toolstack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The name xl gives a domain it keeps for {@code rename-restart} ({@code preserve_domain} in {@code
 * tools/xl/xl_vmcontrol.c}): the old name followed by the time in UTC, {@code -%Y%m%dT%H%MZ}. pvsim's clock is
 * virtual time, counted from the Unix epoch, so a domain preserved in a run's first minute is {@code
 * NAME-19700101T0000Z}.
 */
final class XlPreserve {
    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("'-'yyyyMMdd'T'HHmm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private XlPreserve() {}

    /** The suffix at virtual time {@code nowNs}. */
    static String suffix(long nowNs) {
        return SUFFIX.format(Instant.ofEpochSecond(nowNs / 1_000_000_000L));
    }
}
