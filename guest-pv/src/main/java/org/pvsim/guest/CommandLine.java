package org.pvsim.guest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel command line ({@code start_info.cmd_line}), split into words at white space as Linux splits it. A word
 * is {@code key=value} (the value may be empty) or a bare {@code key}. When a key appears twice, the later value
 * wins.
 *
 * <p>The words pvsim's kernel reads: {@code workload=<name>}, the workload's own {@code key=value} arguments, and
 * {@code pvsim.vcpus=<n>}. The rest are ignored, as Linux ignores parameters it does not know.
 *
 * @param raw the command line as given
 * @param words its words, in order
 */
public record CommandLine(String raw, List<Word> words) {
    /** The key naming the workload. */
    public static final String WORKLOAD = "workload";
    /** The key giving how many vCPUs to bring online. */
    public static final String VCPUS = "pvsim.vcpus";

    /**
     * One word.
     *
     * @param key the text before the first {@code =}, or the whole word
     * @param value the text after it, or {@code null} for a bare word
     */
    public record Word(String key, String value) {
        @Override
        public String toString() {
            return value == null ? key : key + "=" + value;
        }
    }

    public CommandLine {
        words = List.copyOf(words);
    }

    /** Splits {@code raw} into words. */
    public static CommandLine parse(String raw) {
        List<Word> words = new ArrayList<>();
        for (String w : raw.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            int eq = w.indexOf('=');
            words.add(eq < 0 ? new Word(w, null) : new Word(w.substring(0, eq), w.substring(eq + 1)));
        }
        return new CommandLine(raw, words);
    }

    /** The last value given for {@code key}, if any word {@code key=value} has it. */
    public Optional<String> value(String key) {
        String found = null;
        for (Word w : words) {
            if (w.key().equals(key) && w.value() != null) {
                found = w.value();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every {@code key=value} word's key and last value, in the order keys first appear. */
    public Map<String, String> values() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Word w : words) {
            if (w.value() != null) {
                out.put(w.key(), w.value());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
