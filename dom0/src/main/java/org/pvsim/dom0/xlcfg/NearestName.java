package org.pvsim.dom0.xlcfg;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the known name closest to a mistyped one, for "did you mean ...?" hints. Distance is the Levenshtein edit
 * distance; a name within 2 edits (or 1 for names of up to 4 characters) counts; ties go to the first name in the
 * collection's order, so callers pass names in a fixed order.
 */
public final class NearestName {

    private NearestName() {}

    /** The name in {@code known} closest to {@code typed}, if one is close enough. */
    public static Optional<String> among(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = typed.length() <= 4 ? 1 : 2;
        for (String name : known) {
            int distance = distance(typed, name);
            if (distance <= limit && distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    public static String hint(String typed, Collection<String> known) {
        return among(typed, known).map(n -> " (did you mean '" + n + "'?)").orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
