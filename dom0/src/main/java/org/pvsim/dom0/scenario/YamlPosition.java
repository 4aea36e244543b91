package org.pvsim.dom0.scenario;

/**
 * A 1-based line and column in a YAML file; line 0 means the file as a whole.
 *
 * @param line 1-based line, or 0
 * @param column 1-based column, or 0 when unknown
 */
public record YamlPosition(int line, int column) {

    /** The position that stands for the whole file. */
    public static final YamlPosition WHOLE_FILE = new YamlPosition(0, 0);

    /** {@code source:line:column}, {@code source:line} or {@code source}. */
    public String in(String source) {
        if (line <= 0) {
            return source;
        }
        return column <= 0 ? source + ":" + line : source + ":" + line + ":" + column;
    }
}
