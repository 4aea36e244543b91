package org.pvsim.dom0.toolstack;

import java.util.Objects;
import org.pvsim.dom0.xlcfg.ShutdownAction;
import org.pvsim.hypervisor.abi.ShutdownReason;

/**
 * What the toolstack does when a domain it created shuts down, by reason: xl.cfg's {@code on_poweroff}, {@code
 * on_reboot}, {@code on_watchdog}, {@code on_crash} and {@code on_soft_reset} ({@code handle_domain_death} in {@code
 * tools/xl/xl_vmcontrol.c}).
 *
 * @param onPoweroff for {@code SHUTDOWN_poweroff}
 * @param onReboot for {@code SHUTDOWN_reboot}
 * @param onWatchdog for {@code SHUTDOWN_watchdog}
 * @param onCrash for {@code SHUTDOWN_crash}
 * @param onSoftReset for {@code SHUTDOWN_soft_reset}
 */
public record DomainShutdownActions(
        ShutdownAction onPoweroff,
        ShutdownAction onReboot,
        ShutdownAction onWatchdog,
        ShutdownAction onCrash,
        ShutdownAction onSoftReset) {
    /** xl.cfg's defaults: destroy, restart, destroy, destroy, soft-reset. */
    public static final DomainShutdownActions DEFAULT = new DomainShutdownActions(
            ShutdownAction.DESTROY,
            ShutdownAction.RESTART,
            ShutdownAction.DESTROY,
            ShutdownAction.DESTROY,
            ShutdownAction.SOFT_RESET);

    /** Checks every action is given. */
    public DomainShutdownActions {
        Objects.requireNonNull(onPoweroff, "onPoweroff");
        Objects.requireNonNull(onReboot, "onReboot");
        Objects.requireNonNull(onWatchdog, "onWatchdog");
        Objects.requireNonNull(onCrash, "onCrash");
        Objects.requireNonNull(onSoftReset, "onSoftReset");
    }

    /**
     * The action for shutdown code {@code code}: {@code null} for {@code SHUTDOWN_suspend} (xl keeps waiting), and
     * {@code destroy} for a code xl does not know ({@code Unknown shutdown reason code}).
     */
    public ShutdownAction forReason(int code) {
        if (code == ShutdownReason.SHUTDOWN_poweroff.code) {
            return onPoweroff;
        } else if (code == ShutdownReason.SHUTDOWN_reboot.code) {
            return onReboot;
        } else if (code == ShutdownReason.SHUTDOWN_suspend.code) {
            return null;
        } else if (code == ShutdownReason.SHUTDOWN_crash.code) {
            return onCrash;
        } else if (code == ShutdownReason.SHUTDOWN_watchdog.code) {
            return onWatchdog;
        } else if (code == ShutdownReason.SHUTDOWN_soft_reset.code) {
            return onSoftReset;
        }
        return ShutdownAction.DESTROY;
    }
}
