package org.pvsim.dom0.xlcfg;

import java.util.Objects;

/**
 * A single value: a quoted string (its text with escapes decoded) or a number (its text as written: decimal, {@code 0x}
 * hex or leading-0 octal).
 *
 * <p>As in libxlu, numbers and strings are interchangeable atoms: a key that wants a string takes a number's text,
 * and a key that wants a number takes a string holding one ({@code memory = "256"}). The kind is kept so that the
 * configuration prints back as written.
 *
 * @param text the decoded string, or the number as written
 * @param kind whether it was written as a string or a number
 * @param location where the atom starts
 */
public record XlAtom(String text, Kind kind, XlCfgLocation location) implements XlValue {

    /** How an atom was written. */
    public enum Kind {
        /** In single or double quotes. */
        STRING,
        /** A bare number. */
        NUMBER
    }

    /** Checks that no component is null. */
    public XlAtom {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }

    /** A string atom. */
    public static XlAtom string(String text, XlCfgLocation location) {
        return new XlAtom(text, Kind.STRING, location);
    }

    /** A number atom written in decimal. */
    public static XlAtom number(long value, XlCfgLocation location) {
        return new XlAtom(Long.toString(value), Kind.NUMBER, location);
    }

    @Override
    public String kindDescription() {
        return kind == Kind.STRING ? "a string" : "a number";
    }
}
