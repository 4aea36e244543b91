package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Optional;

/**
 * {@code xl reboot [-a] [-w [-w]] [-F] [DOMAIN]} ({@code main_reboot} in {@code tools/xl/xl_vmcontrol.c}): asks
 * the guest to reboot by writing {@code reboot} to its {@code control/shutdown}, and waits for the guest to
 * acknowledge; {@code -w} then waits for the domain to shut down, {@code -w -w} for the old domain to be destroyed
 * (its {@code on_reboot} action, by default {@code restart}, builds it again under a new id). {@code -a}: every domain but dom0. {@code -F} (ACPI fallback for HVM guests) changes nothing
 * for a PV guest. Runs over several dom0 steps ({@link XlShutdownProcess}).
 *
 * @param all {@code -a}
 * @param waits how many {@code -w}
 * @param fallback {@code -F}
 * @param domain the domain, unless {@code -a}
 */
public record XlReboot(boolean all, int waits, boolean fallback, Optional<String> domain)
        implements XlCommand, XlSpawning {
    /** xl's check: a domain or {@code -a}. */
    public XlReboot {
        XlShutdown.checkTargets(all, waits, domain);
    }

    @Override
    public String name() {
        return "reboot";
    }

    @Override
    public List<String> argv() {
        return XlShutdown.argv(name(), all, waits, fallback, domain);
    }

    @Override
    public XlProcess spawn() {
        return new XlShutdownProcess(true, all, waits, domain.orElse(null));
    }
}
