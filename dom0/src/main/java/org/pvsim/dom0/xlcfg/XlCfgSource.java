package org.pvsim.dom0.xlcfg;

/**
 * Where an xl.cfg text came from, so that locations in it can be reported in the user's terms.
 *
 * <p>For a file of its own both offsets are 0. For a text embedded in another file (an inline {@code config: |} block
 * in a scenario) the offsets map the text's own lines and columns onto the enclosing file: line {@code n} of the text
 * is line {@code n + lineOffset} of {@code name}, and column {@code c} is column {@code c + columnOffset}.
 *
 * @param name the name printed in messages
 * @param lineOffset added to every line number
 * @param columnOffset added to every column number
 */
public record XlCfgSource(String name, int lineOffset, int columnOffset) {

    /** A text that is a whole file called {@code name}. */
    public static XlCfgSource file(String name) {
        return new XlCfgSource(name, 0, 0);
    }

    /** The location of the 1-based {@code line} and {@code column} of the text. */
    public XlCfgLocation at(int line, int column) {
        return new XlCfgLocation(name, line + lineOffset, column + columnOffset);
    }

    /** The location that stands for the whole text. */
    public XlCfgLocation whole() {
        return XlCfgLocation.wholeSource(name);
    }
}
