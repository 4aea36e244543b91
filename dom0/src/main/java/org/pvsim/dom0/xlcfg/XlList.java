package org.pvsim.dom0.xlcfg;

import java.util.List;
import java.util.Objects;

/**
 * A list value {@code [ v, v, ... ]}; elements may be atoms or lists (lists nest).
 *
 * @param elements the elements in order (unmodifiable)
 * @param location where the opening {@code [} is
 */
public record XlList(List<XlValue> elements, XlCfgLocation location) implements XlValue {

    /** Copies the elements into an unmodifiable list. */
    public XlList {
        elements = List.copyOf(elements);
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String kindDescription() {
        return "a list";
    }
}
