package org.pvsim.dom0.run;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which records {@code pvsim journal dump} prints: those of one of {@code kinds} (all kinds if empty), of domain
 * {@code domain} (every domain if empty), at index {@code from} or later, at most {@code limit} of them.
 *
 * @param kinds record kind names in upper case ({@code GNTTAB}); empty for every kind
 * @param domain the domid a record must have, or empty for any
 * @param from the index of the first record considered (records count from 0, {@code BOOT})
 * @param limit the most lines printed, {@link Long#MAX_VALUE} for no limit
 */
public record DumpFilter(Set<String> kinds, OptionalInt domain, long from, long limit) {

    /** Every record. */
    public static final DumpFilter ALL = new DumpFilter(Set.of(), OptionalInt.empty(), 0, Long.MAX_VALUE);

    /** Checks the bounds and copies the kinds. */
    public DumpFilter {
        kinds = Set.copyOf(Objects.requireNonNull(kinds, "kinds"));
        Objects.requireNonNull(domain, "domain");
        if (from < 0) {
            throw new IllegalArgumentException("from must be 0 or more, not " + from);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, not " + limit);
        }
    }

    /** Whether a record at {@code index} of kind {@code kind} and domain {@code domid} is printed. */
    public boolean accepts(long index, String kind, int domid) {
        return index >= from
                && (kinds.isEmpty() || kinds.contains(kind))
                && (domain.isEmpty() || domain.getAsInt() == domid);
    }
}
