package org.pvsim.dom0.xlcfg;

/**
 * The value of an xl.cfg setting or list element: an {@link XlAtom} (a string or a number) or an {@link XlList}.
 * Every value remembers where it starts, so that a refusal of it can name the place.
 */
public sealed interface XlValue permits XlAtom, XlList {

    /** Where the value starts (its first character, or the opening {@code [} of a list). */
    XlCfgLocation location();

    /** A short description of the kind of value for messages: "a string", "a number" or "a list". */
    String kindDescription();
}
