package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code xl shutdown [-a] [-w [-w]] [-F] [DOMAIN]} ({@code main_shutdown} in {@code tools/xl/xl_vmcontrol.c}): asks
 * the guest to power off by writing {@code poweroff} to its {@code control/shutdown}, and waits for the guest to
 * acknowledge; {@code -w} then waits for the domain to shut down, {@code -w -w} for it to be destroyed (by its {@code
 * on_poweroff} action). {@code -a}: every domain but dom0. {@code -F} (ACPI fallback for HVM guests) changes nothing
 * for a PV guest. Runs over several dom0 steps ({@link XlShutdownProcess}).
 *
 * @param all {@code -a}
 * @param waits how many {@code -w}
 * @param fallback {@code -F}
 * @param domain the domain, unless {@code -a}
 */
public record XlShutdown(boolean all, int waits, boolean fallback, Optional<String> domain)
        implements XlCommand, XlSpawning {
    /** xl's check: a domain or {@code -a}. */
    public XlShutdown {
        checkTargets(all, waits, domain);
    }

    static void checkTargets(boolean all, int wait, Optional<String> domain) {
        Objects.requireNonNull(domain, "domain");
        if (wait < 0) {
            throw new IllegalArgumentException("-w is counted from 0");
        }
        if (domain.isEmpty() && !all) {
            throw new IllegalArgumentException("You must specify -a or a domain id.");
        }
    }

    @Override
    public String name() {
        return "shutdown";
    }

    @Override
    public List<String> argv() {
        return argv(name(), all, waits, fallback, domain);
    }

    static List<String> argv(String name, boolean all, int waits, boolean fallback, Optional<String> domain) {
        List<String> a = new ArrayList<>(List.of("xl", name));
        if (all) {
            a.add("-a");
        }
        for (int i = 0; i < waits; i++) {
            a.add("-w");
        }
        if (fallback) {
            a.add("-F");
        }
        domain.ifPresent(a::add);
        return List.copyOf(a);
    }

    @Override
    public XlProcess spawn() {
        return new XlShutdownProcess(false, all, waits, domain.orElse(null));
    }
}
