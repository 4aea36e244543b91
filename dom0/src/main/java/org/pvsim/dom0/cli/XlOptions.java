package org.pvsim.dom0.cli;

import java.util.OptionalInt;

/** Conversions from picocli's option values to the toolstack's command values. */
final class XlOptions {
    private XlOptions() {}

    /** An option that may be absent. */
    static OptionalInt of(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
