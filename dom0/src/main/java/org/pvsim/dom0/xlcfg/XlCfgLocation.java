package org.pvsim.dom0.xlcfg;

/**
 * A place in an xl.cfg text: the source name (a file name as the user gave it), a 1-based line and a 1-based column.
 * A line of 0 means "the whole source" (for example a mandatory key that is missing).
 *
 * @param source the name printed in messages, e.g. {@code web.cfg}
 * @param line 1-based line, or 0 for no particular line
 * @param column 1-based column, or 0 for no particular column
 */
public record XlCfgLocation(String source, int line, int column) {

    /** The location that stands for the whole of {@code source}. */
    public static XlCfgLocation wholeSource(String source) {
        return new XlCfgLocation(source, 0, 0);
    }

    /** {@code source:line:column}, {@code source:line} or {@code source}, as compilers print them. */
    @Override
    public String toString() {
        if (line <= 0) {
            return source;
        }
        return column <= 0 ? source + ":" + line : source + ":" + line + ":" + column;
    }
}
