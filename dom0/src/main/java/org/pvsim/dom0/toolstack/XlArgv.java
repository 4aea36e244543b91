package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds the command line an {@link XlCommand} stands for, for messages and logs. */
final class XlArgv {
    final List<String> list = new ArrayList<>();

    XlArgv(String name) {
        list.add("xl");
        list.add(name);
    }

    void opt(String option, Optional<String> value) {
        value.ifPresent(v -> {
            list.add(option);
            list.add(v);
        });
    }

    void opt(String option, OptionalInt value) {
        value.ifPresent(v -> {
            list.add(option);
            list.add(Integer.toString(v));
        });
    }

    void flag(String option, boolean on) {
        if (on) {
            list.add(option);
        }
    }
}
