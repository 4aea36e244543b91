package org.pvsim.dom0.xlcfg;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the toolstack does when a domain shuts down for a given reason: the values of {@code on_poweroff},
 * {@code on_reboot}, {@code on_watchdog}, {@code on_crash} and {@code on_soft_reset} ({@code man xl.cfg},
 * {@code action_on_shutdown_names} in {@code tools/xl/xl_parse.c}).
 */
public enum ShutdownAction {
    /** Destroy the domain. */
    DESTROY("destroy"),
    /** Destroy the domain and create a new one with the same configuration. */
    RESTART("restart"),
    /** Rename the old domain, then create a new one with the same configuration. */
    RENAME_RESTART("rename-restart"),
    /** Keep the shut-down domain for inspection. */
    PRESERVE("preserve"),
    /** Write a core dump, then destroy the domain. */
    COREDUMP_DESTROY("coredump-destroy"),
    /** Write a core dump, then restart the domain. */
    COREDUMP_RESTART("coredump-restart"),
    /** Reset the domain's Xen interfaces and let it continue. */
    SOFT_RESET("soft-reset");

    private final String xlName;

    ShutdownAction(String xlName) {
        this.xlName = xlName;
    }

    /** The name xl.cfg uses, e.g. {@code rename-restart}. */
    public String xlName() {
        return xlName;
    }

    /** The action xl.cfg calls {@code name}, if any (exact match, as xl compares). */
    public static Optional<ShutdownAction> ofXlName(String name) {
        return Arrays.stream(values()).filter(a -> a.xlName.equals(name)).findFirst();
    }

    /** Every xl name, comma-separated, for messages. */
    public static String allXlNames() {
        return Arrays.stream(values()).map(ShutdownAction::xlName).collect(Collectors.joining(", "));
    }
}
