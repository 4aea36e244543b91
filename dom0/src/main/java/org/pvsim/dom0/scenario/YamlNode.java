package org.pvsim.dom0.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A YAML value that remembers where it starts, so that every check can name the line and column of what it refuses.
 * (Jackson's tree model drops locations; this small tree keeps them.) The three kinds are YAML's own: mappings,
 * sequences and scalars.
 */
public sealed interface YamlNode {

    /** Where the node starts. */
    YamlPosition position();

    /** How messages describe the node's kind: "a map", "a list", "a string", "a whole number" and so on. */
    String kindDescription();

    /**
     * A mapping; keys are unique and kept in file order.
     *
     * @param entries key to entry, in file order
     * @param position where the mapping starts
     */
    record Mapping(Map<String, Entry> entries, YamlPosition position) implements YamlNode {

        /** Copies the entries (file order kept, unmodifiable). */
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String kindDescription() {
            return "a map";
        }
    }

    /**
     * One key of a mapping and its value.
     *
     * @param keyPosition where the key is
     * @param value the value
     */
    record Entry(YamlPosition keyPosition, YamlNode value) {}

    /**
     * A sequence.
     *
     * @param elements the elements in order
     * @param position where the sequence starts
     */
    record Sequence(List<YamlNode> elements, YamlPosition position) implements YamlNode {

        /** Copies the elements (unmodifiable). */
        public Sequence {
            elements = List.copyOf(elements);
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String kindDescription() {
            return "a list";
        }
    }

    /**
     * A scalar as YAML resolved it.
     *
     * @param text the scalar's text: a string's value, an integer in decimal (YAML's {@code 0x10} gives {@code 16}),
     *     a decimal number or boolean as written, the empty string for null
     * @param type what YAML made of it
     * @param position where it starts
     */
    record Scalar(String text, ScalarType type, YamlPosition position) implements YamlNode {

        @Override
        public String kindDescription() {
            return type.description();
        }
    }

    /** What YAML resolved a scalar to. */
    enum ScalarType {
        /** A string. */
        STRING("a string"),
        /** An integer. */
        INTEGER("a whole number"),
        /** A floating-point number. */
        DECIMAL("a decimal number"),
        /** true or false. */
        BOOLEAN("a boolean"),
        /** null, ~ or nothing. */
        NULL("nothing (null)");

        private final String description;

        ScalarType(String description) {
            this.description = description;
        }

        /** How messages describe this type. */
        public String description() {
            return description;
        }
    }
}
