package org.pvsim.dom0.toolstack;

import org.pvsim.dom0.daemon.Dom0Xenstored;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * The toolstack's watch on {@code @releaseDomain} ({@code libxl_evenable_domain_death}), through which xl's
 * per-domain daemon learns that a domain it created has shut down or died. The watch only raises a flag; the
 * toolstack looks at its domains ({@code domain_death_xswatch_callback}) in its next step.
 */
final class DomainDeathWatch implements Dom0Xenstored.SocketDaemon {
    private static final String TOKEN = "domain-death";

    private final XsSocket xs;
    private boolean fired;

    /** Watches {@code @releaseDomain} on {@code xs}, the toolstack's own socket for it. */
    DomainDeathWatch(XsSocket xs) throws XsException {
        this.xs = xs;
        xs.watch("@releaseDomain", TOKEN);
        while (xs.pollWatchEvent() != null) {
            // the event a new watch fires at once: nothing has died yet
        }
    }

    @Override
    public void pump(GuestCpu cpu) {
        while (xs.pollWatchEvent() != null) {
            fired = true;
        }
    }

    /** Whether {@code @releaseDomain} fired since the last {@link #take}. */
    boolean fired() {
        return fired;
    }

    /** Clears the flag, and says whether it was set. */
    boolean take() {
        boolean f = fired;
        fired = false;
        return f;
    }
}
